/**
 * Which conversation a sequenced event belongs to, read from the event itself so that every
 * command that emits one (send, edit, delete) needs no extra argument.
 */
import { dmConversationKey, roomConversationKey } from "@lair-chat/protocol";
import type { LairEvent } from "./lair-event.ts";

interface TargetLike {
  type?: unknown;
  room_id?: unknown;
  recipient?: unknown;
}

/**
 * The conversation key of an event that carries a log seq, or undefined for events outside
 * any conversation's log (presence, typing, room changes). A DM event without its author
 * (`message_deleted`) names the pair through its audience, which is exactly that pair.
 */
export function conversationOfEvent(event: LairEvent, users: readonly string[]): string | undefined {
  if (event.ext?.seq === undefined) return undefined;
  const message = event.body.message as { author?: unknown; target?: TargetLike } | undefined;
  const target = (message?.target ?? event.body.target) as TargetLike | undefined;
  if (target?.type === "room" && typeof target.room_id === "string")
    return roomConversationKey(target.room_id);
  if (target?.type === "dm" && typeof target.recipient === "string") {
    const recipient = target.recipient;
    const other =
      typeof message?.author === "string"
        ? message.author
        : (users.find((u) => u !== recipient) ?? recipient);
    return dmConversationKey(other, recipient);
  }
  return undefined;
}
