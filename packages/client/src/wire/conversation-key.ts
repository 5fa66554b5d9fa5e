/**
 * Conversation keys (docs/protocol.md#conversations): `room:<room_id>`, or `dm:<a>:<b>` with the
 * two user ids sorted. Same results as `conversationKey` & co. of @lair-chat/protocol (a test
 * checks it), written here without the protocol's schema module so that the browser bundle does
 * not carry the schema library for three string functions.
 */
import type { MessageTargetInput } from "@lair-chat/protocol";

export function roomKey(roomId: string): string {
  return `room:${roomId}`;
}

/** The key of the direct conversation between two users (argument order does not matter). */
export function dmKey(userA: string, userB: string): string {
  return userA <= userB ? `dm:${userA}:${userB}` : `dm:${userB}:${userA}`;
}

/**
 * The conversation of a target seen from `selfUserId`; for a message someone else wrote, pass
 * its author as `selfUserId` (the key holds both parties either way).
 */
export function keyOfTarget(target: MessageTargetInput, selfUserId: string): string {
  return target.type === "room" ? roomKey(target.room_id) : dmKey(selfUserId, target.recipient);
}

export type ParsedKey = { type: "room"; roomId: string } | { type: "dm"; userIds: [string, string] };

/** Split a key; undefined for anything that is not a key. */
export function parseKey(key: string): ParsedKey | undefined {
  const parts = key.split(":");
  if (parts[0] === "room" && parts.length === 2 && parts[1]) return { type: "room", roomId: parts[1] };
  if (parts[0] === "dm" && parts.length === 3 && parts[1] && parts[2])
    return { type: "dm", userIds: [parts[1], parts[2]] };
  return undefined;
}
