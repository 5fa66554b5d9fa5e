/** The schema of a conversation key; the rule itself lives in the zod-free `conversation.ts`. */
import { z } from "zod";
import { isConversationKey } from "../conversation.ts";
import { ID_MAX_LENGTH } from "../limits.ts";

/** A canonical conversation key (`room:<id>` or `dm:<a>:<b>` sorted). */
export const ConversationKeySchema = z
  .string()
  .max(2 * ID_MAX_LENGTH + 4)
  .refine(isConversationKey, "Must be 'room:<room_id>' or 'dm:<user_a>:<user_b>' with sorted ids");
