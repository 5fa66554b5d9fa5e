/** Chat message shapes (Lair DOMAIN_MODEL.md "Message"; Rust serialises `is_edited` as `edited`). */
import { z } from "zod";
import { contentProblem } from "../content-problem.ts";
import { CLIENT_MESSAGE_ID_MAX_LENGTH, MESSAGE_CONTENT_MAX_BYTES } from "../limits.ts";
import { AttachmentSchema, MessageKindSchema } from "./attachment.ts";
import { IdSchema, lairString, SeqSchema, TimestampSchema } from "./primitives.ts";
import { MessageTargetSchema } from "./target.ts";

// The rule lives in a zod-free module (one definition for schemas and the client SDK).
export { contentProblem };

/** Content in send/edit requests. Violations map to `content_invalid`, as Lair reports them. */
export const MessageContentSchema = lairString(
  "content_invalid",
  contentProblem,
  `not blank, at most ${MESSAGE_CONTENT_MAX_BYTES} UTF-8 bytes`,
);

/** Client-generated id that makes a send idempotent (`idempotency` extension). */
export const ClientMessageIdSchema = z.string().min(1).max(CLIENT_MESSAGE_ID_MAX_LENGTH);

/**
 * A message as responses and events carry it. `seq`, `client_message_id` and `deleted` are our
 * extensions: present only for peers that negotiated `seq`/`idempotency`/`cursor`/`resume`.
 * A tombstone (`deleted: true`) has empty content and travels only in resume replays and
 * cursor history.
 */
export const MessageSchema = z.object({
  id: IdSchema,
  author: IdSchema,
  target: MessageTargetSchema,
  content: z.string(),
  edited: z.boolean(),
  created_at: TimestampSchema,
  seq: SeqSchema.optional(),
  client_message_id: ClientMessageIdSchema.optional(),
  deleted: z.boolean().optional(),
  /** `attachments` extension: what the message is; absent means `text`. */
  kind: MessageKindSchema.optional(),
  /** `attachments` extension: the files the message carries (docs/attachments.md). */
  attachments: z.array(AttachmentSchema).optional(),
});
export type Message = z.output<typeof MessageSchema>;
