/**
 * Conversations in the URL (`#/room/<id>`, `#/dm/<user id>`), so a reload returns to the open
 * one, and the message target of a conversation key from our side.
 */
import { type MessageTargetInput, parseConversationKey } from "@lair-chat/protocol";

/** The room id of a room conversation key. */
export function roomOf(conversation: string): string | undefined {
  const parsed = parseConversationKey(conversation);
  return parsed?.type === "room" ? parsed.roomId : undefined;
}

/** Where our messages to this conversation go; undefined for a DM we are not part of. */
export function targetOf(conversation: string, selfId: string | undefined): MessageTargetInput | undefined {
  const parsed = parseConversationKey(conversation);
  if (!parsed) return undefined;
  if (parsed.type === "room") return { type: "room", room_id: parsed.roomId };
  const [a, b] = parsed.userIds;
  if (selfId !== a && selfId !== b) return undefined;
  return { type: "dm", recipient: a === selfId ? b : a };
}

/** The URL hash of a conversation: readable, and the same for every account for rooms. */
export function hashOf(conversation: string, selfId: string | undefined): string {
  const target = targetOf(conversation, selfId);
  if (target?.type === "room") return `#/room/${encodeURIComponent(target.room_id)}`;
  if (target?.type === "dm") return `#/dm/${encodeURIComponent(target.recipient)}`;
  return "";
}

/** The conversation a URL hash names, for the signed-in user. */
export function conversationFromHash(hash: string, selfId: string | undefined): string | undefined {
  const match = /^#\/(room|dm)\/([^/]+)$/.exec(hash);
  if (!match || selfId === undefined) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  const key = match[1] === "room" ? `room:${id}` : selfId <= id ? `dm:${selfId}:${id}` : `dm:${id}:${selfId}`;
  return parseConversationKey(key) ? key : undefined;
}
