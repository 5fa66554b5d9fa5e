/**
 * Every HTTP route: method, path, auth, and the schemas of its params, query, body and success
 * response. The server validates with these, the client types its calls with them, and the
 * OpenAPI document is generated from them (openapi/openapi-document.ts).
 */
import type { z } from "zod";
import {
  AdminDeleteRoomRequestSchema,
  BanUserRequestSchema,
  BanUserResponseSchema,
  RevokeSessionsResponseSchema,
  SetUserRoleRequestSchema,
  SetUserRoleResponseSchema,
  StatsResponseSchema,
} from "./admin.ts";
import {
  AuthResponseSchema,
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  RegisterRequestSchema,
  TokenResponseSchema,
} from "./auth.ts";
import {
  InvitationIdParamsSchema,
  MessageIdParamsSchema,
  PaginationQuerySchema,
  RoomIdParamsSchema,
  RoomMemberParamsSchema,
  SuccessResponseSchema,
  UserIdParamsSchema,
} from "./common.ts";
import { HealthResponseSchema, OpenApiJsonSchema, ReadyResponseSchema } from "./health.ts";
import {
  AcceptInvitationResponseSchema,
  CreateInvitationRequestSchema,
  InvitationResponseSchema,
  InvitationsListResponseSchema,
} from "./invitations.ts";
import {
  EditMessageRequestSchema,
  HistoryQuerySchema,
  MarkReadRequestSchema,
  MarkReadResponseSchema,
  MessageResponseSchema,
  MessagesListResponseSchema,
  SendMessageRequestSchema,
  UnreadCountsResponseSchema,
} from "./messages.ts";
import {
  BanMemberRequestSchema,
  CreateRoomRequestSchema,
  GetRoomResponseSchema,
  JoinRoomResponseSchema,
  ListMembersQuerySchema,
  ListRoomsQuerySchema,
  MemberResponseSchema,
  MembersListResponseSchema,
  RoomResponseSchema,
  RoomsListResponseSchema,
  UpdateMemberRoleRequestSchema,
  UpdateRoomRequestSchema,
} from "./rooms.ts";
import {
  GetUserResponseSchema,
  ListUsersQuerySchema,
  UpdateProfileRequestSchema,
  UserResponseSchema,
  UsersListResponseSchema,
} from "./users.ts";

/** Prefix of every API route (health and readiness live at the root). */
export const API_PREFIX = "/api/v1";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One HTTP route. `path` uses OpenAPI `{param}` placeholders and includes the prefix. */
export interface HttpRoute {
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: "auth" | "users" | "rooms" | "messages" | "invitations" | "admin" | "health";
  /** Needs `Authorization: Bearer <token>`. */
  readonly auth: boolean;
  /** Admin role required. */
  readonly admin?: boolean;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Whether the body may be omitted entirely. @default false */
  readonly bodyOptional?: boolean;
  /** Success status. */
  readonly status: 200 | 201;
  readonly response: z.ZodType;
  /** Not in Lair 1.1 (our addition). */
  readonly extension?: boolean;
}

const A = API_PREFIX;
const ok = SuccessResponseSchema;

// biome-ignore format: one route per line keeps the table readable
export const HTTP_ROUTES = [
  { operationId: "register", method: "POST", path: `${A}/auth/register`, summary: "Create an account and log in", tag: "auth", auth: false, body: RegisterRequestSchema, status: 201, response: AuthResponseSchema },
  { operationId: "login", method: "POST", path: `${A}/auth/login`, summary: "Log in with username or email", tag: "auth", auth: false, body: LoginRequestSchema, status: 200, response: AuthResponseSchema },
  { operationId: "logout", method: "POST", path: `${A}/auth/logout`, summary: "Revoke the current session", tag: "auth", auth: true, status: 200, response: ok },
  { operationId: "refreshToken", method: "POST", path: `${A}/auth/refresh`, summary: "Issue a fresh token for the session", tag: "auth", auth: true, status: 200, response: TokenResponseSchema },
  { operationId: "changePassword", method: "POST", path: `${A}/auth/change-password`, summary: "Change password (revokes other sessions)", tag: "auth", auth: true, body: ChangePasswordRequestSchema, status: 200, response: ok },
  { operationId: "getCurrentUser", method: "GET", path: `${A}/users/me`, summary: "The caller's account", tag: "users", auth: true, status: 200, response: UserResponseSchema },
  { operationId: "updateProfile", method: "PATCH", path: `${A}/users/me`, summary: "Update the caller's profile", tag: "users", auth: true, body: UpdateProfileRequestSchema, status: 200, response: UserResponseSchema },
  { operationId: "listUsers", method: "GET", path: `${A}/users`, summary: "List and search users", tag: "users", auth: true, query: ListUsersQuerySchema, status: 200, response: UsersListResponseSchema },
  { operationId: "getUser", method: "GET", path: `${A}/users/{user_id}`, summary: "A user and whether they are online", tag: "users", auth: true, params: UserIdParamsSchema, status: 200, response: GetUserResponseSchema },
  { operationId: "createRoom", method: "POST", path: `${A}/rooms`, summary: "Create a room", tag: "rooms", auth: true, body: CreateRoomRequestSchema, status: 201, response: RoomResponseSchema },
  { operationId: "listRooms", method: "GET", path: `${A}/rooms`, summary: "List and search rooms", tag: "rooms", auth: true, query: ListRoomsQuerySchema, status: 200, response: RoomsListResponseSchema },
  { operationId: "getRoom", method: "GET", path: `${A}/rooms/{room_id}`, summary: "A room, the caller's membership and member count", tag: "rooms", auth: true, params: RoomIdParamsSchema, status: 200, response: GetRoomResponseSchema },
  { operationId: "updateRoom", method: "PATCH", path: `${A}/rooms/{room_id}`, summary: "Update a room (owner or moderator)", tag: "rooms", auth: true, params: RoomIdParamsSchema, body: UpdateRoomRequestSchema, status: 200, response: RoomResponseSchema },
  { operationId: "deleteRoom", method: "DELETE", path: `${A}/rooms/{room_id}`, summary: "Delete a room (owner)", tag: "rooms", auth: true, params: RoomIdParamsSchema, status: 200, response: ok },
  { operationId: "joinRoom", method: "POST", path: `${A}/rooms/{room_id}/join`, summary: "Join a public room", tag: "rooms", auth: true, params: RoomIdParamsSchema, status: 200, response: JoinRoomResponseSchema },
  { operationId: "leaveRoom", method: "POST", path: `${A}/rooms/{room_id}/leave`, summary: "Leave a room", tag: "rooms", auth: true, params: RoomIdParamsSchema, status: 200, response: ok },
  { operationId: "listMembers", method: "GET", path: `${A}/rooms/{room_id}/members`, summary: "Members of a room (members only)", tag: "rooms", auth: true, params: RoomIdParamsSchema, query: ListMembersQuerySchema, status: 200, response: MembersListResponseSchema },
  { operationId: "updateMemberRole", method: "PUT", path: `${A}/rooms/{room_id}/members/{user_id}/role`, summary: "Change a member's role (owner)", tag: "rooms", auth: true, params: RoomMemberParamsSchema, body: UpdateMemberRoleRequestSchema, status: 200, response: MemberResponseSchema },
  { operationId: "kickMember", method: "DELETE", path: `${A}/rooms/{room_id}/members/{user_id}`, summary: "Remove a member (owner or moderator)", tag: "rooms", auth: true, params: RoomMemberParamsSchema, status: 200, response: ok },
  { operationId: "banMember", method: "POST", path: `${A}/rooms/{room_id}/members/{user_id}/ban`, summary: "Remove and ban a user from the room", tag: "rooms", auth: true, params: RoomMemberParamsSchema, body: BanMemberRequestSchema, bodyOptional: true, status: 200, response: ok, extension: true },
  { operationId: "unbanMember", method: "POST", path: `${A}/rooms/{room_id}/members/{user_id}/unban`, summary: "Lift a room ban", tag: "rooms", auth: true, params: RoomMemberParamsSchema, status: 200, response: ok, extension: true },
  { operationId: "sendMessage", method: "POST", path: `${A}/messages`, summary: "Send a message to a room or user", tag: "messages", auth: true, body: SendMessageRequestSchema, status: 201, response: MessageResponseSchema },
  { operationId: "getMessages", method: "GET", path: `${A}/messages`, summary: "Message history of a conversation", tag: "messages", auth: true, query: HistoryQuerySchema, status: 200, response: MessagesListResponseSchema },
  { operationId: "getUnreadCounts", method: "GET", path: `${A}/messages/unread`, summary: "The caller's unread counts, overall and per conversation", tag: "messages", auth: true, status: 200, response: UnreadCountsResponseSchema, extension: true },
  { operationId: "markRead", method: "POST", path: `${A}/messages/read`, summary: "Mark a conversation read", tag: "messages", auth: true, body: MarkReadRequestSchema, status: 200, response: MarkReadResponseSchema },
  { operationId: "editMessage", method: "PATCH", path: `${A}/messages/{message_id}`, summary: "Edit one's own message", tag: "messages", auth: true, params: MessageIdParamsSchema, body: EditMessageRequestSchema, status: 200, response: MessageResponseSchema },
  { operationId: "deleteMessage", method: "DELETE", path: `${A}/messages/{message_id}`, summary: "Delete a message", tag: "messages", auth: true, params: MessageIdParamsSchema, status: 200, response: ok },
  { operationId: "createInvitation", method: "POST", path: `${A}/invitations`, summary: "Invite a user to a room (owner or moderator)", tag: "invitations", auth: true, body: CreateInvitationRequestSchema, status: 201, response: InvitationResponseSchema },
  { operationId: "listInvitations", method: "GET", path: `${A}/invitations`, summary: "The caller's pending invitations", tag: "invitations", auth: true, query: PaginationQuerySchema, status: 200, response: InvitationsListResponseSchema },
  { operationId: "acceptInvitation", method: "POST", path: `${A}/invitations/{invitation_id}/accept`, summary: "Accept an invitation", tag: "invitations", auth: true, params: InvitationIdParamsSchema, status: 200, response: AcceptInvitationResponseSchema },
  { operationId: "declineInvitation", method: "POST", path: `${A}/invitations/{invitation_id}/decline`, summary: "Decline an invitation", tag: "invitations", auth: true, params: InvitationIdParamsSchema, status: 200, response: ok },
  { operationId: "cancelInvitation", method: "POST", path: `${A}/invitations/{invitation_id}/cancel`, summary: "Cancel an invitation one sent", tag: "invitations", auth: true, params: InvitationIdParamsSchema, status: 200, response: ok, extension: true },
  { operationId: "getStats", method: "GET", path: `${A}/admin/stats`, summary: "System statistics", tag: "admin", auth: true, admin: true, status: 200, response: StatsResponseSchema },
  { operationId: "banUser", method: "POST", path: `${A}/admin/users/{user_id}/ban`, summary: "Ban a user (revokes their sessions)", tag: "admin", auth: true, admin: true, params: UserIdParamsSchema, body: BanUserRequestSchema, bodyOptional: true, status: 200, response: BanUserResponseSchema },
  { operationId: "unbanUser", method: "POST", path: `${A}/admin/users/{user_id}/unban`, summary: "Lift a ban", tag: "admin", auth: true, admin: true, params: UserIdParamsSchema, status: 200, response: ok },
  { operationId: "setUserRole", method: "PUT", path: `${A}/admin/users/{user_id}/role`, summary: "Set a user's system role (not one's own)", tag: "admin", auth: true, admin: true, params: UserIdParamsSchema, body: SetUserRoleRequestSchema, status: 200, response: SetUserRoleResponseSchema, extension: true },
  { operationId: "revokeUserSessions", method: "POST", path: `${A}/admin/users/{user_id}/revoke-sessions`, summary: "Revoke every session of a user", tag: "admin", auth: true, admin: true, params: UserIdParamsSchema, status: 200, response: RevokeSessionsResponseSchema, extension: true },
  { operationId: "adminDeleteRoom", method: "DELETE", path: `${A}/admin/rooms/{room_id}`, summary: "Delete any room", tag: "admin", auth: true, admin: true, params: RoomIdParamsSchema, body: AdminDeleteRoomRequestSchema, bodyOptional: true, status: 200, response: ok },
  { operationId: "openApiDocument", method: "GET", path: `${A}/openapi.json`, summary: "This API as an OpenAPI 3.1 document", tag: "health", auth: false, status: 200, response: OpenApiJsonSchema, extension: true },
  { operationId: "health", method: "GET", path: "/health", summary: "Liveness", tag: "health", auth: false, status: 200, response: HealthResponseSchema },
  { operationId: "ready", method: "GET", path: "/ready", summary: "Readiness (503 with ready: false when storage is down)", tag: "health", auth: false, status: 200, response: ReadyResponseSchema },
] as const satisfies readonly HttpRoute[];

/** The operation ids of `HTTP_ROUTES`. */
export type HttpOperationId = (typeof HTTP_ROUTES)[number]["operationId"];
