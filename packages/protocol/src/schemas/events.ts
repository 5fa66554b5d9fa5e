/**
 * Server-pushed events (docs/protocol.md#events; Lair EVENTS.md, the Rust `ServerMessage`
 * variants win). Events carry no `request_id`. Our server always sends `id` and `timestamp`; a
 * Rust server does not, so both are optional here. Message events carry `seq` when the `seq`
 * extension is on: the sequence number of that change (creation, edit or delete) in its
 * conversation.
 */
import { z } from "zod";
import { type EventType, SERVER_EVENT_TYPES } from "../event-types.ts";
import { EnrichedInvitationSchema } from "./invitation.ts";
import { RoomMembershipSchema, RoomRoleSchema } from "./membership.ts";
import { MessageSchema } from "./message.ts";
import { IdSchema, SeqSchema, TimestampSchema } from "./primitives.ts";
import { RoomSchema } from "./room.ts";
import { MessageTargetSchema } from "./target.ts";
import { UserSchema } from "./user.ts";

function event<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({
    type: z.literal(type),
    id: IdSchema.optional(),
    timestamp: TimestampSchema.optional(),
    ...shape,
  });
}

/** Why a user left a room (Lair's `LeaveReason` display strings). */
export const LeaveReasonSchema = z.enum(["left", "kicked", "banned", "room deleted"]);
export type LeaveReason = z.infer<typeof LeaveReasonSchema>;

/** Why an invitation went away. */
export const InvitationCancelReasonSchema = z.enum(["cancelled_by_inviter", "expired", "room_deleted"]);

/** Severity of a `server_notice`. */
export const NoticeSeveritySchema = z.enum(["info", "warning", "critical"]);

/** One changed field in `room_updated.changes` (from EVENTS.md; the Rust server omits the list). */
export const RoomChangeSchema = z.object({
  field: z.enum(["name", "description", "public", "max_members", "moderated"]),
  old: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  new: z.union([z.string(), z.number(), z.boolean()]).nullable(),
});

/** Schema of each event, by type. */
export const EVENT_SCHEMAS = {
  message_received: event("message_received", {
    message: MessageSchema,
    author_username: z.string(),
    seq: SeqSchema.optional(),
  }),
  message_edited: event("message_edited", {
    message: MessageSchema,
    previous_content: z.string(),
    seq: SeqSchema.optional(),
  }),
  message_deleted: event("message_deleted", {
    message_id: IdSchema,
    target: MessageTargetSchema,
    deleted_by: IdSchema,
    seq: SeqSchema.optional(),
  }),
  user_joined_room: event("user_joined_room", {
    room_id: IdSchema,
    user: UserSchema,
    membership: RoomMembershipSchema,
  }),
  user_left_room: event("user_left_room", {
    room_id: IdSchema,
    user_id: IdSchema,
    reason: LeaveReasonSchema,
    /** Ours: who removed the user (`reason: "kicked"`); Lair keeps it off the wire. */
    kicked_by: IdSchema.optional(),
    /** Ours: who banned the user (`reason: "banned"`). */
    banned_by: IdSchema.optional(),
  }),
  member_role_changed: event("member_role_changed", {
    room_id: IdSchema,
    user_id: IdSchema,
    username: z.string(),
    old_role: RoomRoleSchema,
    new_role: RoomRoleSchema,
    changed_by: IdSchema,
  }),
  room_updated: event("room_updated", {
    room: RoomSchema,
    changed_by: IdSchema,
    changes: z.array(RoomChangeSchema).optional(),
  }),
  room_deleted: event("room_deleted", {
    room_id: IdSchema,
    room_name: z.string(),
    deleted_by: IdSchema,
    /** Ours: the reason an administrator gave when deleting the room. */
    reason: z.string().optional(),
  }),
  user_online: event("user_online", { user_id: IdSchema, username: z.string() }),
  user_offline: event("user_offline", { user_id: IdSchema, username: z.string() }),
  user_typing: event("user_typing", { user_id: IdSchema, target: MessageTargetSchema }),
  invitation_received: event("invitation_received", { invitation: EnrichedInvitationSchema }),
  invitation_cancelled: event("invitation_cancelled", {
    invitation_id: IdSchema,
    room_id: IdSchema.optional(),
    reason: InvitationCancelReasonSchema,
  }),
  server_notice: event("server_notice", { message: z.string(), severity: NoticeSeveritySchema }),
  session_expiring: event("session_expiring", { session_id: IdSchema, expires_at: TimestampSchema }),
  // One schema per name of the zod-free list, each for its own name: a missing, extra or
  // mismatched entry fails to compile.
} as const satisfies { [T in EventType]: z.ZodType<{ type: T }> };

/** A parsed event of one type. */
export type EventOf<T extends EventType> = z.output<(typeof EVENT_SCHEMAS)[T]>;

// Re-exported for modules that took the list from here; the definitions are zod-free.
export { type EventType, SERVER_EVENT_TYPES };
