/** The Lair event names (docs/protocol.md#events); the record type makes the list exhaustive. */
import type { EventType } from "@lair-chat/protocol";

const EVENT_TYPES: Record<EventType, true> = {
  message_received: true,
  message_edited: true,
  message_deleted: true,
  user_joined_room: true,
  user_left_room: true,
  member_role_changed: true,
  room_updated: true,
  room_deleted: true,
  user_online: true,
  user_offline: true,
  user_typing: true,
  invitation_received: true,
  invitation_cancelled: true,
  server_notice: true,
  session_expiring: true,
};

export function isEventType(type: unknown): type is EventType {
  return typeof type === "string" && Object.hasOwn(EVENT_TYPES, type);
}
