/**
 * Every message a client sends over WebSocket or TCP (docs/protocol.md#client-messages). The
 * Lair 1.1 set comes from the Rust `ClientMessage` enum (adapters/tcp/protocol.rs); the rest are
 * ours, so that every HTTP command also works over a real-time connection. Each may carry a
 * `request_id` that the server echoes on the `<type>_response`.
 */
import { z } from "zod";
import { FEATURES_MAX, NAME_MAX_LENGTH, RESUME_MAX_CONVERSATIONS, SEARCH_MAX_LENGTH } from "../limits.ts";
import { ConversationKeySchema } from "./conversation-key.ts";
import {
  AdminDeleteRoomRequestSchema,
  BanUserRequestSchema,
  SetUserRoleRequestSchema,
} from "./http/admin.ts";
import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  RegisterRequestSchema,
  TokenSchema,
} from "./http/auth.ts";
import { PageLimitSchema, PageOffsetSchema } from "./http/common.ts";
import { CreateInvitationRequestSchema } from "./http/invitations.ts";
import { MarkReadRequestSchema, SendMessageRequestSchema } from "./http/messages.ts";
import {
  BanMemberRequestSchema,
  CreateRoomRequestSchema,
  UpdateMemberRoleRequestSchema,
  UpdateRoomRequestSchema,
} from "./http/rooms.ts";
import { UpdateProfileRequestSchema } from "./http/users.ts";
import { MessageContentSchema } from "./message.ts";
import { IdSchema, RequestIdSchema, SeqSchema, TimestampSchema } from "./primitives.ts";
import { MessageTargetSchema } from "./target.ts";

function request<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), request_id: RequestIdSchema, ...shape });
}

const roomId = { room_id: IdSchema };
const member = { room_id: IdSchema, user_id: IdSchema };
const invitationId = { invitation_id: IdSchema };

// Handshake and session
export const ClientHelloSchema = request("client_hello", {
  version: z.string().max(NAME_MAX_LENGTH),
  client_name: z.string().max(NAME_MAX_LENGTH).nullish(),
  features: z.array(z.string().max(NAME_MAX_LENGTH)).max(FEATURES_MAX).default([]),
});
/** TCP only. `mode` is ours: absent or `compat` is Lair's key exchange, `hardened` ours. */
export const KeyExchangeSchema = request("key_exchange", {
  public_key: z.string().max(1024),
  mode: z.enum(["compat", "hardened"]).optional(),
});
export const AuthenticateSchema = request("authenticate", { token: TokenSchema });
/** Deprecated in Lair 1.1 (use HTTP login, then `authenticate`); still accepted. */
export const LoginSchema = request("login", LoginRequestSchema.shape);
/** Deprecated in Lair 1.1; still accepted. */
export const RegisterSchema = request("register", RegisterRequestSchema.shape);
export const LogoutSchema = request("logout", {});
export const PingSchema = request("ping", {});

// Messaging
export const SendMessageSchema = request("send_message", SendMessageRequestSchema.shape);
export const EditMessageSchema = request("edit_message", {
  message_id: IdSchema,
  content: MessageContentSchema,
});
export const DeleteMessageSchema = request("delete_message", { message_id: IdSchema });
/**
 * Deprecated in Lair 1.1 (HTTP history); `after` and the `cursor` extension's `before_seq`,
 * `after_seq` and `cursor` (cursor mode for the first page) are ours.
 */
export const GetMessagesSchema = request("get_messages", {
  target: MessageTargetSchema,
  limit: PageLimitSchema,
  before: TimestampSchema.nullish(),
  after: TimestampSchema.nullish(),
  before_seq: SeqSchema.optional(),
  after_seq: SeqSchema.optional(),
  cursor: z.boolean().optional(),
});
/** Fire-and-forget: no response (Lair sends none either). */
export const TypingSchema = request("typing", { target: MessageTargetSchema });
export const MarkReadSchema = request("mark_read", MarkReadRequestSchema.shape);
/** Ours, as `GET /messages/unread`. */
export const GetUnreadCountsSchema = request("get_unread_counts", {});

// Rooms
export const CreateRoomSchema = request("create_room", CreateRoomRequestSchema.shape);
export const GetRoomSchema = request("get_room", roomId);
export const ListRoomsSchema = request("list_rooms", {
  filter: z
    .object({
      search: z.string().max(SEARCH_MAX_LENGTH).nullish(),
      joined_only: z.boolean().default(false),
      public_only: z.boolean().default(false),
    })
    .nullish(),
  limit: PageLimitSchema,
  offset: PageOffsetSchema,
});
export const JoinRoomSchema = request("join_room", roomId);
export const LeaveRoomSchema = request("leave_room", roomId);
export const UpdateRoomSchema = request("update_room", { ...roomId, ...UpdateRoomRequestSchema.shape });
export const DeleteRoomSchema = request("delete_room", roomId);
export const GetRoomMembersSchema = request("get_room_members", {
  ...roomId,
  limit: PageLimitSchema,
  offset: PageOffsetSchema,
});
export const UpdateMemberRoleSchema = request("update_member_role", {
  ...member,
  ...UpdateMemberRoleRequestSchema.shape,
});
export const KickMemberSchema = request("kick_member", member);
export const BanMemberSchema = request("ban_member", { ...member, ...BanMemberRequestSchema.shape });
export const UnbanMemberSchema = request("unban_member", member);

// Invitations
export const InviteToRoomSchema = request("invite_to_room", CreateInvitationRequestSchema.shape);
export const AcceptInvitationSchema = request("accept_invitation", invitationId);
export const DeclineInvitationSchema = request("decline_invitation", invitationId);
export const CancelInvitationSchema = request("cancel_invitation", invitationId);
/** Lair sends no paging; `limit`/`offset` are ours, as on `GET /invitations`. */
export const ListInvitationsSchema = request("list_invitations", {
  limit: PageLimitSchema,
  offset: PageOffsetSchema,
});

// Users
export const GetUserSchema = request("get_user", { user_id: IdSchema });
export const ListUsersSchema = request("list_users", {
  filter: z
    .object({ search: z.string().max(SEARCH_MAX_LENGTH).nullish(), online_only: z.boolean().default(false) })
    .nullish(),
  limit: PageLimitSchema,
  offset: PageOffsetSchema,
});
export const GetCurrentUserSchema = request("get_current_user", {});
export const UpdateProfileSchema = request("update_profile", UpdateProfileRequestSchema.shape);
export const ChangePasswordSchema = request("change_password", ChangePasswordRequestSchema.shape);
export const RefreshTokenSchema = request("refresh_token", {});

// Admin
export const GetStatsSchema = request("get_stats", {});
export const BanUserSchema = request("ban_user", { user_id: IdSchema, ...BanUserRequestSchema.shape });
export const UnbanUserSchema = request("unban_user", { user_id: IdSchema });
export const RevokeUserSessionsSchema = request("revoke_user_sessions", { user_id: IdSchema });
/** Ours, as `PUT /admin/users/{user_id}/role`. */
export const SetUserRoleSchema = request("set_user_role", {
  user_id: IdSchema,
  ...SetUserRoleRequestSchema.shape,
});
export const AdminDeleteRoomSchema = request("admin_delete_room", {
  ...roomId,
  ...AdminDeleteRoomRequestSchema.shape,
});

/**
 * `resume` extension: replay what happened after `since[conversation]` (the last `seq` seen),
 * then answer `resume_response`.
 */
export const ResumeSchema = request("resume", {
  since: z
    .record(ConversationKeySchema, SeqSchema)
    .refine(
      (since) => Object.keys(since).length <= RESUME_MAX_CONVERSATIONS,
      `At most ${RESUME_MAX_CONVERSATIONS} conversations per resume`,
    ),
});

/** Schema of each client message, by `type`. */
export const CLIENT_MESSAGE_SCHEMAS = {
  client_hello: ClientHelloSchema,
  key_exchange: KeyExchangeSchema,
  authenticate: AuthenticateSchema,
  login: LoginSchema,
  register: RegisterSchema,
  logout: LogoutSchema,
  ping: PingSchema,
  send_message: SendMessageSchema,
  edit_message: EditMessageSchema,
  delete_message: DeleteMessageSchema,
  get_messages: GetMessagesSchema,
  typing: TypingSchema,
  mark_read: MarkReadSchema,
  get_unread_counts: GetUnreadCountsSchema,
  create_room: CreateRoomSchema,
  get_room: GetRoomSchema,
  list_rooms: ListRoomsSchema,
  join_room: JoinRoomSchema,
  leave_room: LeaveRoomSchema,
  update_room: UpdateRoomSchema,
  delete_room: DeleteRoomSchema,
  get_room_members: GetRoomMembersSchema,
  update_member_role: UpdateMemberRoleSchema,
  kick_member: KickMemberSchema,
  ban_member: BanMemberSchema,
  unban_member: UnbanMemberSchema,
  invite_to_room: InviteToRoomSchema,
  accept_invitation: AcceptInvitationSchema,
  decline_invitation: DeclineInvitationSchema,
  cancel_invitation: CancelInvitationSchema,
  list_invitations: ListInvitationsSchema,
  get_user: GetUserSchema,
  list_users: ListUsersSchema,
  get_current_user: GetCurrentUserSchema,
  update_profile: UpdateProfileSchema,
  change_password: ChangePasswordSchema,
  refresh_token: RefreshTokenSchema,
  get_stats: GetStatsSchema,
  ban_user: BanUserSchema,
  unban_user: UnbanUserSchema,
  revoke_user_sessions: RevokeUserSessionsSchema,
  set_user_role: SetUserRoleSchema,
  admin_delete_room: AdminDeleteRoomSchema,
  resume: ResumeSchema,
} as const;

export type ClientMessageType = keyof typeof CLIENT_MESSAGE_SCHEMAS;

/** Every client message type. */
export const CLIENT_MESSAGE_TYPES = Object.keys(CLIENT_MESSAGE_SCHEMAS) as ClientMessageType[];

/** Client message types Lair 1.1 defines (the rest are ours; a Lair server answers them with an error). */
export const LAIR_CLIENT_MESSAGE_TYPES = [
  "client_hello",
  "key_exchange",
  "authenticate",
  "login",
  "register",
  "logout",
  "ping",
  "send_message",
  "edit_message",
  "delete_message",
  "get_messages",
  "typing",
  "create_room",
  "get_room",
  "list_rooms",
  "join_room",
  "leave_room",
  "invite_to_room",
  "accept_invitation",
  "decline_invitation",
  "list_invitations",
  "get_user",
  "list_users",
  "get_current_user",
] as const satisfies readonly ClientMessageType[];

/** Client message types that get no response. */
export const FIRE_AND_FORGET_TYPES = ["typing"] as const satisfies readonly ClientMessageType[];

/** Any client message. */
export const ClientMessageSchema = z.discriminatedUnion(
  "type",
  Object.values(CLIENT_MESSAGE_SCHEMAS) as unknown as [
    (typeof CLIENT_MESSAGE_SCHEMAS)[ClientMessageType],
    ...(typeof CLIENT_MESSAGE_SCHEMAS)[ClientMessageType][],
  ],
);

/** A parsed client message. */
export type ClientMessage = z.output<typeof ClientMessageSchema>;
/** A client message as written on the wire (before defaults and normalisation). */
export type ClientMessageInput = z.input<typeof ClientMessageSchema>;
/** The parsed client message of one type. */
export type ClientMessageOf<T extends ClientMessageType> = z.output<(typeof CLIENT_MESSAGE_SCHEMAS)[T]>;
