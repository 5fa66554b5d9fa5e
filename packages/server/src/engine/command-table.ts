/**
 * The command table: for every command, who may call it, which rate-limit tier it counts
 * against, whether the real-time transports offer it, and its input and output shapes.
 *
 * Inputs are the Lair 1.1 real-time request bodies without `type` and `request_id` (a WS/TCP
 * endpoint passes the parsed frame minus those two; the HTTP layer builds the same object
 * from path, query and body). Outputs are the response payload in wire shape; a WS/TCP
 * endpoint spreads it into `{type: "<name>_response", request_id, success: true, ...output}`.
 *
 * Shapes (`?` optional; extension fields marked [ext]):
 * - register {username, email, password} → {user, session:{id, expires_at}, token}
 * - login {identifier, password} → {user, session, token}
 * - logout {} → {success} (WS/TCP: the endpoint closes after replying)
 * - refresh_token {} → {token, expires_at}
 * - change_password {current_password, new_password} → {success}
 * - get_current_user {} → {user, unread_counts:{total, by_room, by_dm}} (also on WS/TCP: ours, optional)
 * - update_profile {email?} → {user}
 * - get_user {user_id} → {user, online}
 * - list_users {search?, online_only?, filter?:{search?, online_only?}, limit?, offset?}
 *     → HTTP {users:[{user, online}], has_more, total_count}
 *     → WS/TCP {users:[user], online_user_ids, has_more, total_count}
 * - create_room {name, description?, settings?:{public?, max_members?, description?}} → {room}
 * - list_rooms {search?, joined_only?, public_only?, filter?:{…same}, limit?, offset?}
 *     → {rooms:[{room, member_count, is_member}], has_more, total_count}
 * - get_room {room_id} → {room, membership|null, member_count}
 * - update_room {room_id, name?, description?, settings?:{public?, max_members?}} → {room}
 * - delete_room {room_id} → {success}
 * - join_room {room_id} → {room, membership}
 * - leave_room {room_id} → {success}
 * - list_members {room_id, limit?, offset?} → {members:[{user_id, username, role, joined_at, is_online}], total}
 * - set_member_role {room_id, user_id, role} → {member}
 * - kick_member {room_id, user_id} → {success}
 * - ban_member {room_id, user_id, reason?} → {success}
 * - unban_member {room_id, user_id} → {success}
 * - invite_to_room {room_id, user_id, message?} → {invitation}
 * - list_invitations {limit?, offset?} → {invitations:[invitation], has_more}
 * - accept_invitation {invitation_id} → {room, membership}
 * - decline_invitation {invitation_id} → {success}
 * - cancel_invitation {invitation_id} → {success}
 * - send_message {target, content, client_message_id? [ext idempotency]} → {message}
 * - get_messages {target, limit?, before?, after?, before_seq?, after_seq?, cursor? [ext cursor]}
 *     → {messages, has_more, next_cursor? [ext cursor]}
 * - edit_message {message_id, content} → {message}
 * - delete_message {message_id} → {success}
 * - mark_read {target, up_to?} → {unread_count}
 * - get_unread_counts {} → {unread_counts:{total, by_room, by_dm}}
 * - typing {target} → nothing (fire-and-forget: the endpoint sends no response)
 * - admin_stats {} → {stats}
 * - admin_ban_user {user_id, reason?, duration_hours?} → {success, expires_at|null}
 * - admin_unban_user {user_id} → {success}
 * - admin_set_user_role {user_id, role} → {user} (refused for one's own account, so the last
 *     admin cannot demote themself; the new role applies at once, since access re-reads it)
 * - admin_delete_room {room_id, reason?} → {success}
 * - admin_revoke_session {session_id} | {user_id} → {success, revoked_sessions}
 *
 * Not commands (the endpoints handle them with `Engine.verifyToken` / `Engine.resume`):
 * client_hello, key_exchange, authenticate, ping, resume.
 *
 * The protocol package's real-time message types `get_room_members`, `update_member_role`,
 * `get_stats`, `ban_user`, `unban_user`, `revoke_user_sessions` and `set_user_role` are accepted
 * as aliases of `list_members`, `set_member_role`, `admin_stats`, `admin_ban_user`,
 * `admin_unban_user`, `admin_revoke_session` and `admin_set_user_role` (see COMMAND_ALIASES); the response type follows the request type
 * (`get_room_members` → `get_room_members_response`, `ban_user` → `ban_user_response`, …), and a
 * payload's own `success` yields to the envelope's. test/contract-responses.test.ts checks every
 * response against @lair-chat/protocol's RESPONSE_SCHEMAS strictly.
 */
import {
  AcceptInvitationResponseSchema,
  AuthResponseSchema,
  BanUserResponseSchema,
  GetRoomResponseSchema,
  GetUserResponseSchema,
  InvitationResponseSchema,
  InvitationsListResponseSchema,
  JoinRoomResponseSchema,
  MarkReadResponseSchema,
  MemberResponseSchema,
  MembersListResponseSchema,
  MessageResponseSchema,
  MessagesListResponseSchema,
  RevokeSessionsResponseSchema,
  RoomResponseSchema,
  RoomsListResponseSchema,
  SetUserRoleResponseSchema,
  StatsResponseSchema,
  SuccessResponseSchema,
  TokenResponseSchema,
  UnreadCountsResponseSchema,
  UserResponseSchema,
  UsersListResponseSchema,
} from "@lair-chat/protocol";
import type { z } from "zod";
import { COMMAND_INPUTS } from "./command-inputs.ts";
import { COMMAND_NAMES, type CommandName } from "./command-names.ts";

/**
 * Which rate-limit bucket a command draws from, besides `general`, which every call but
 * `none` also counts against. `typing` is `none`: it has its own throttle and no response.
 */
export type RateTier = "auth" | "messages" | "room_creation" | "general" | "none";

/** Who may call a command. */
export type Access = "public" | "user" | "admin";

export interface CommandMeta {
  /** `public`: no token needed; `user`: any authenticated caller; `admin`: system admins only. */
  access: Access;
  /** Rate-limit tier the command counts against. */
  tier: RateTier;
  /** Offered over WebSocket and TCP. */
  realtime: boolean;
  /** No response is sent (typing). */
  fireAndForget?: boolean;
  /** HTTP success status (default 200). */
  httpStatus?: 200 | 201;
}

export const COMMAND_META: Record<CommandName, CommandMeta> = {
  register: { access: "public", tier: "auth", realtime: true, httpStatus: 201 },
  login: { access: "public", tier: "auth", realtime: true },
  logout: { access: "user", tier: "auth", realtime: true },
  refresh_token: { access: "user", tier: "auth", realtime: true },
  change_password: { access: "user", tier: "auth", realtime: true },
  get_current_user: { access: "user", tier: "general", realtime: true },
  update_profile: { access: "user", tier: "general", realtime: true },
  get_user: { access: "user", tier: "general", realtime: true },
  list_users: { access: "user", tier: "general", realtime: true },
  create_room: { access: "user", tier: "room_creation", realtime: true, httpStatus: 201 },
  list_rooms: { access: "user", tier: "general", realtime: true },
  get_room: { access: "user", tier: "general", realtime: true },
  update_room: { access: "user", tier: "general", realtime: true },
  delete_room: { access: "user", tier: "general", realtime: true },
  join_room: { access: "user", tier: "general", realtime: true },
  leave_room: { access: "user", tier: "general", realtime: true },
  list_members: { access: "user", tier: "general", realtime: true },
  set_member_role: { access: "user", tier: "general", realtime: true },
  kick_member: { access: "user", tier: "general", realtime: true },
  ban_member: { access: "user", tier: "general", realtime: true },
  unban_member: { access: "user", tier: "general", realtime: true },
  invite_to_room: { access: "user", tier: "general", realtime: true, httpStatus: 201 },
  list_invitations: { access: "user", tier: "general", realtime: true },
  accept_invitation: { access: "user", tier: "general", realtime: true },
  decline_invitation: { access: "user", tier: "general", realtime: true },
  cancel_invitation: { access: "user", tier: "general", realtime: true },
  send_message: { access: "user", tier: "messages", realtime: true, httpStatus: 201 },
  get_messages: { access: "user", tier: "general", realtime: true },
  edit_message: { access: "user", tier: "messages", realtime: true },
  delete_message: { access: "user", tier: "messages", realtime: true },
  mark_read: { access: "user", tier: "general", realtime: true },
  get_unread_counts: { access: "user", tier: "general", realtime: true },
  typing: { access: "user", tier: "none", realtime: true, fireAndForget: true },
  admin_stats: { access: "admin", tier: "general", realtime: true },
  admin_ban_user: { access: "admin", tier: "general", realtime: true },
  admin_unban_user: { access: "admin", tier: "general", realtime: true },
  admin_set_user_role: { access: "admin", tier: "general", realtime: true },
  admin_delete_room: { access: "admin", tier: "general", realtime: true },
  admin_revoke_session: { access: "admin", tier: "general", realtime: true },
};

/**
 * Output schemas: the HTTP response body of the command (test/contract-http.test.ts checks each
 * route against them strictly). Real-time responses carry the same payload, except `list_users`
 * (Lair's real-time shape: `users` are plain users plus `online_user_ids`); see
 * @lair-chat/protocol RESPONSE_SCHEMAS.
 */
export const COMMAND_OUTPUTS: Record<CommandName, z.ZodType | null> = {
  register: AuthResponseSchema,
  login: AuthResponseSchema,
  logout: SuccessResponseSchema,
  refresh_token: TokenResponseSchema,
  change_password: SuccessResponseSchema,
  get_current_user: UserResponseSchema,
  update_profile: UserResponseSchema,
  get_user: GetUserResponseSchema,
  list_users: UsersListResponseSchema,
  create_room: RoomResponseSchema,
  list_rooms: RoomsListResponseSchema,
  get_room: GetRoomResponseSchema,
  update_room: RoomResponseSchema,
  delete_room: SuccessResponseSchema,
  join_room: JoinRoomResponseSchema,
  leave_room: SuccessResponseSchema,
  list_members: MembersListResponseSchema,
  set_member_role: MemberResponseSchema,
  kick_member: SuccessResponseSchema,
  ban_member: SuccessResponseSchema,
  unban_member: SuccessResponseSchema,
  invite_to_room: InvitationResponseSchema,
  list_invitations: InvitationsListResponseSchema,
  accept_invitation: AcceptInvitationResponseSchema,
  decline_invitation: SuccessResponseSchema,
  cancel_invitation: SuccessResponseSchema,
  send_message: MessageResponseSchema,
  get_messages: MessagesListResponseSchema,
  edit_message: MessageResponseSchema,
  delete_message: SuccessResponseSchema,
  mark_read: MarkReadResponseSchema,
  get_unread_counts: UnreadCountsResponseSchema,
  typing: null,
  admin_stats: StatsResponseSchema,
  admin_ban_user: BanUserResponseSchema,
  admin_unban_user: SuccessResponseSchema,
  admin_set_user_role: SetUserRoleResponseSchema,
  admin_delete_room: SuccessResponseSchema,
  admin_revoke_session: RevokeSessionsResponseSchema,
};

/** One row of the command table. */
export interface CommandSpec extends CommandMeta {
  name: CommandName;
  /** Validates (and normalises) the input. */
  input: z.ZodType;
  /** The success payload; null for fire-and-forget commands. */
  output: z.ZodType | null;
}

/** Every command with its access rule, rate tier, input and output schema. */
export const COMMAND_TABLE: readonly CommandSpec[] = COMMAND_NAMES.map((name) => ({
  name,
  ...COMMAND_META[name],
  input: COMMAND_INPUTS[name],
  output: COMMAND_OUTPUTS[name],
}));
