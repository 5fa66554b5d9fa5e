/**
 * `<type>_response` messages (docs/protocol.md#responses): `success: true` with the payload, or
 * `success: false` with `error: {code, message, details?}`. Both echo the request's
 * `request_id` (the Rust server sends `null` there; ours echoes it).
 */
import { z } from "zod";
import { ConversationKeySchema } from "./conversation-key.ts";
import {
  BanUserResponseSchema,
  RevokeSessionsResponseSchema,
  SetUserRoleResponseSchema,
  StatsResponseSchema,
} from "./http/admin.ts";
import { AuthResponseSchema, TokenResponseSchema } from "./http/auth.ts";
import {
  MarkReadResponseSchema,
  MessagesListResponseSchema,
  UnreadCountsResponseSchema,
} from "./http/messages.ts";
import { MembersListResponseSchema, RoomsListResponseSchema } from "./http/rooms.ts";
import { UnreadCountsSchema } from "./http/users.ts";
import { EnrichedInvitationSchema } from "./invitation.ts";
import { RoomMemberSchema, RoomMembershipSchema } from "./membership.ts";
import { MessageSchema } from "./message.ts";
import { IdSchema, RequestIdSchema, SeqSchema, WireErrorSchema } from "./primitives.ts";
import { RoomSchema } from "./room.ts";
import { SessionInfoSchema } from "./session.ts";
import { UserSchema } from "./user.ts";

function response<T extends string, S extends z.ZodRawShape>(type: T, payload: S) {
  return z.discriminatedUnion("success", [
    z.object({ type: z.literal(type), request_id: RequestIdSchema, success: z.literal(true), ...payload }),
    z.object({
      type: z.literal(type),
      request_id: RequestIdSchema,
      success: z.literal(false),
      error: WireErrorSchema,
    }),
  ]);
}

const none = {};
const { has_more, total_count } = RoomsListResponseSchema.shape;

/** Per-conversation outcome of a `resume`. */
export const ResumeResultSchema = z.object({
  /** True when everything after the client's `since` was replayed; false when the server no
   * longer keeps that far back (the client backfills over HTTP). */
  recovered: z.boolean(),
  /** The conversation's latest `seq` on the server, when it has any message. */
  last_seq: SeqSchema.optional(),
});
export type ResumeResult = z.infer<typeof ResumeResultSchema>;

/** Response schema of each client message that gets one, by response type. */
export const RESPONSE_SCHEMAS = {
  authenticate_response: response("authenticate_response", { user: UserSchema, session: SessionInfoSchema }),
  login_response: response("login_response", AuthResponseSchema.shape),
  register_response: response("register_response", AuthResponseSchema.shape),
  logout_response: response("logout_response", none),
  send_message_response: response("send_message_response", { message: MessageSchema }),
  edit_message_response: response("edit_message_response", { message: MessageSchema }),
  delete_message_response: response("delete_message_response", none),
  get_messages_response: response("get_messages_response", MessagesListResponseSchema.shape),
  mark_read_response: response("mark_read_response", MarkReadResponseSchema.shape),
  get_unread_counts_response: response("get_unread_counts_response", UnreadCountsResponseSchema.shape),
  create_room_response: response("create_room_response", { room: RoomSchema }),
  get_room_response: response("get_room_response", {
    room: RoomSchema,
    membership: RoomMembershipSchema.nullish(),
    member_count: z.number().int().min(0),
  }),
  list_rooms_response: response("list_rooms_response", RoomsListResponseSchema.shape),
  join_room_response: response("join_room_response", { room: RoomSchema, membership: RoomMembershipSchema }),
  leave_room_response: response("leave_room_response", none),
  update_room_response: response("update_room_response", { room: RoomSchema }),
  delete_room_response: response("delete_room_response", none),
  get_room_members_response: response("get_room_members_response", MembersListResponseSchema.shape),
  update_member_role_response: response("update_member_role_response", { member: RoomMemberSchema }),
  kick_member_response: response("kick_member_response", none),
  ban_member_response: response("ban_member_response", none),
  unban_member_response: response("unban_member_response", none),
  invite_to_room_response: response("invite_to_room_response", { invitation: EnrichedInvitationSchema }),
  accept_invitation_response: response("accept_invitation_response", {
    membership: RoomMembershipSchema,
    room: RoomSchema.optional(),
  }),
  decline_invitation_response: response("decline_invitation_response", none),
  cancel_invitation_response: response("cancel_invitation_response", none),
  list_invitations_response: response("list_invitations_response", {
    invitations: z.array(EnrichedInvitationSchema),
    /** Ours (as on HTTP); a Lair server omits it. */
    has_more: z.boolean().optional(),
  }),
  get_user_response: response("get_user_response", { user: UserSchema, online: z.boolean().optional() }),
  list_users_response: response("list_users_response", {
    users: z.array(UserSchema),
    online_user_ids: z.array(IdSchema),
    has_more,
    total_count,
  }),
  get_current_user_response: response("get_current_user_response", {
    user: UserSchema,
    /** Ours (as on `GET /users/me`); a Lair server omits it. */
    unread_counts: UnreadCountsSchema.optional(),
  }),
  update_profile_response: response("update_profile_response", { user: UserSchema }),
  change_password_response: response("change_password_response", none),
  refresh_token_response: response("refresh_token_response", TokenResponseSchema.shape),
  get_stats_response: response("get_stats_response", StatsResponseSchema.shape),
  ban_user_response: response("ban_user_response", { expires_at: BanUserResponseSchema.shape.expires_at }),
  unban_user_response: response("unban_user_response", none),
  revoke_user_sessions_response: response("revoke_user_sessions_response", {
    revoked_sessions: RevokeSessionsResponseSchema.shape.revoked_sessions,
  }),
  set_user_role_response: response("set_user_role_response", SetUserRoleResponseSchema.shape),
  admin_delete_room_response: response("admin_delete_room_response", none),
  resume_response: response("resume_response", {
    results: z.record(ConversationKeySchema, ResumeResultSchema),
  }),
} as const;

export type ResponseType = keyof typeof RESPONSE_SCHEMAS;
/** A parsed response of one type. */
export type ResponseOf<T extends ResponseType> = z.output<(typeof RESPONSE_SCHEMAS)[T]>;
/** The success variant of a response type. */
export type SuccessResponseOf<T extends ResponseType> = Extract<ResponseOf<T>, { success: true }>;
