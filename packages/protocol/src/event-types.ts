/**
 * The server event names (docs/protocol.md#events), in Lair's order, as a plain list so that
 * code which only routes events by name needs no schema library. `schemas/events.ts` holds one
 * schema per name and a type-level check keeps the two in step.
 */

/** Every event type, in Lair's order. */
export const SERVER_EVENT_TYPES = [
  "message_received",
  "message_edited",
  "message_deleted",
  "user_joined_room",
  "user_left_room",
  "member_role_changed",
  "room_updated",
  "room_deleted",
  "user_online",
  "user_offline",
  "user_typing",
  "invitation_received",
  "invitation_cancelled",
  "server_notice",
  "session_expiring",
] as const;

/** The name of a server event. */
export type EventType = (typeof SERVER_EVENT_TYPES)[number];

/** True for an event type. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === "string" && (SERVER_EVENT_TYPES as readonly string[]).includes(type);
}
