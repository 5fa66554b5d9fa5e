/**
 * Conversation keys: one string per conversation, the unit of ordering and of the `seq` and
 * `resume` extensions (docs/protocol.md#conversations). A room is `room:<room_id>`; a direct
 * conversation is `dm:<a>:<b>` with the two user ids in ascending code-unit order, so both
 * parties compute the same key. Free of the schema library so that browser code can use it
 * without bundling zod; `ConversationKeySchema` (schemas/conversation-key.ts) wraps it.
 */
import { ID_MAX_LENGTH } from "./limits.ts";
import type { MessageTargetInput } from "./schemas/target.ts";

/** A parsed conversation key. */
export type Conversation = { type: "room"; roomId: string } | { type: "dm"; userIds: [string, string] };

const ID = `[A-Za-z0-9_-]{1,${ID_MAX_LENGTH}}`;
const ID_PATTERN = new RegExp(`^${ID}$`);
const KEY_PATTERN = new RegExp(`^(?:room:(${ID})|dm:(${ID}):(${ID}))$`);

function assertId(value: unknown, name: string): asserts value is string {
  if (typeof value !== "string" || !ID_PATTERN.test(value)) {
    throw new TypeError(`${name} must be an id of letters, digits, '_' or '-'`);
  }
}

/** The key of a direct conversation between two users (order of arguments does not matter). */
export function dmConversationKey(userA: string, userB: string): string {
  assertId(userA, "userA");
  assertId(userB, "userB");
  return userA <= userB ? `dm:${userA}:${userB}` : `dm:${userB}:${userA}`;
}

/** The key of a room conversation. */
export function roomConversationKey(roomId: string): string {
  assertId(roomId, "roomId");
  return `room:${roomId}`;
}

/**
 * The conversation a message target belongs to, seen from `selfUserId`: for a DM the other
 * party is `target.recipient` when we sent it, or the author when we received it; either way
 * the key holds both ids, so pass the author as `selfUserId` when keying someone else's message.
 */
export function conversationKey(target: MessageTargetInput, selfUserId: string): string {
  if (target === null || typeof target !== "object") throw new TypeError("target must be a message target");
  if (target.type === "room") return roomConversationKey(target.room_id);
  if (target.type === "dm" || target.type === "direct_message") {
    return dmConversationKey(selfUserId, target.recipient);
  }
  throw new TypeError("target.type must be 'room', 'dm' or 'direct_message'");
}

/** Parses a key; `undefined` when it is not a canonical conversation key. */
export function parseConversationKey(key: string): Conversation | undefined {
  if (typeof key !== "string") return undefined;
  const match = KEY_PATTERN.exec(key);
  if (!match) return undefined;
  if (match[1] !== undefined) return { type: "room", roomId: match[1] };
  const a = match[2]!;
  const b = match[3]!;
  // Only the sorted spelling is a key; accepting both would let one conversation have two.
  if (a > b) return undefined;
  return { type: "dm", userIds: [a, b] };
}

/** True for a canonical conversation key. */
export function isConversationKey(key: unknown): key is string {
  return typeof key === "string" && parseConversationKey(key) !== undefined;
}
