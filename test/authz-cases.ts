/**
 * The authorization matrix as data, shared by test/http-authz-matrix.test.ts and
 * test/realtime-authz-matrix.test.ts so that every transport is held to the same outcome per
 * cell: each row is one room or message command (or a system-admin command aimed at a cell's
 * user) in its HTTP form and its real-time form, and `expect` gives the HTTP status (and error
 * code) each kind of caller gets. Over WebSocket and TCP a 2xx is `success: true` and
 * `[status, code]` is `success: false` with that `error.code`.
 */

/** The callers. `otherOwner` owns another room (so its ids come from elsewhere). */
export const ACTORS = [
  "outsider",
  "member",
  "moderator",
  "owner",
  "otherOwner",
  "admin",
  "roomBanned",
  "serverBanned",
  "deleted",
] as const;
export type Actor = (typeof ACTORS)[number];
/** A 2xx status, or `[status, error code]`. */
export type Expect = number | [number, string];

/** What a cell needs of a user (http-harness's TestUser has more). */
export interface CaseUser {
  id: string;
  token: string;
}

export interface Cell {
  roomId: string;
  messageId: string;
  users: Record<Actor | "invitee", CaseUser>;
}

/** A real-time request: its `type` and the rest of the frame (without `request_id`). */
export interface RealtimeRequest {
  type: string;
  body: Record<string, unknown>;
}

export interface Row {
  name: string;
  private?: boolean;
  request(c: Cell): { method: string; path: string; body?: unknown };
  realtime(c: Cell): RealtimeRequest;
  expect: Record<Actor, Expect>;
}

/** The outcome a real-time request must have where HTTP has `e`. */
export function realtimeOutcome(e: Expect): { success: boolean; code: string | undefined } {
  return typeof e === "number" ? { success: true, code: undefined } : { success: false, code: e[1] };
}

const rt = (type: string, body: Record<string, unknown>): RealtimeRequest => ({ type, body });
const roomTarget = (c: Cell) => ({ type: "room", room_id: c.roomId });

const BANNED: Expect = [403, "account_banned"];
const GONE: Expect = [401, "session_not_found"];
const NOT_MEMBER: Expect = [403, "not_room_member"];
const DENIED: Expect = [403, "permission_denied"];
const NO_MSG: Expect = [404, "message_not_found"];
const NO_ROOM: Expect = [404, "room_not_found"];
/** Refused at authentication, whatever the command: the server-banned and the deleted user. */
const TOKEN_REFUSED = { serverBanned: BANNED, deleted: GONE } as const;

/** One row per room or message command; HTTP and real-time forms share the expectations. */
export const ROWS: Row[] = [
  {
    name: "get_room (private)",
    private: true,
    request: (c) => ({ method: "GET", path: `/api/v1/rooms/${c.roomId}` }),
    realtime: (c) => rt("get_room", { room_id: c.roomId }),
    expect: {
      outsider: NO_ROOM,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NO_ROOM,
      admin: 200,
      roomBanned: NO_ROOM,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "get_room (public)",
    request: (c) => ({ method: "GET", path: `/api/v1/rooms/${c.roomId}` }),
    realtime: (c) => rt("get_room", { room_id: c.roomId }),
    expect: {
      outsider: 200,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: 200,
      admin: 200,
      roomBanned: 200,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "update_room",
    request: (c) => ({ method: "PATCH", path: `/api/v1/rooms/${c.roomId}`, body: { description: "new" } }),
    realtime: (c) => rt("update_room", { room_id: c.roomId, description: "new" }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "delete_room",
    request: (c) => ({ method: "DELETE", path: `/api/v1/rooms/${c.roomId}` }),
    realtime: (c) => rt("delete_room", { room_id: c.roomId }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: DENIED,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "join_room (public)",
    request: (c) => ({ method: "POST", path: `/api/v1/rooms/${c.roomId}/join` }),
    realtime: (c) => rt("join_room", { room_id: c.roomId }),
    expect: {
      outsider: 200,
      member: [409, "already_member"],
      moderator: [409, "already_member"],
      owner: [409, "already_member"],
      otherOwner: 200,
      admin: 200,
      roomBanned: [403, "user_banned_from_room"],
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "join_room (private)",
    private: true,
    request: (c) => ({ method: "POST", path: `/api/v1/rooms/${c.roomId}/join` }),
    realtime: (c) => rt("join_room", { room_id: c.roomId }),
    expect: {
      outsider: NO_ROOM,
      member: [409, "already_member"],
      moderator: [409, "already_member"],
      owner: [409, "already_member"],
      otherOwner: NO_ROOM,
      admin: NO_ROOM,
      roomBanned: NO_ROOM,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "leave_room",
    request: (c) => ({ method: "POST", path: `/api/v1/rooms/${c.roomId}/leave` }),
    realtime: (c) => rt("leave_room", { room_id: c.roomId }),
    expect: {
      outsider: NOT_MEMBER,
      member: 200,
      moderator: 200,
      owner: [409, "last_owner"],
      otherOwner: NOT_MEMBER,
      admin: NOT_MEMBER,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "list_members",
    request: (c) => ({ method: "GET", path: `/api/v1/rooms/${c.roomId}/members` }),
    realtime: (c) => rt("get_room_members", { room_id: c.roomId }),
    expect: {
      outsider: NOT_MEMBER,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "set_member_role",
    request: (c) => ({
      method: "PUT",
      path: `/api/v1/rooms/${c.roomId}/members/${c.users.member.id}/role`,
      body: { role: "moderator" },
    }),
    realtime: (c) =>
      rt("update_member_role", { room_id: c.roomId, user_id: c.users.member.id, role: "moderator" }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: DENIED,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "kick_member",
    request: (c) => ({ method: "DELETE", path: `/api/v1/rooms/${c.roomId}/members/${c.users.member.id}` }),
    realtime: (c) => rt("kick_member", { room_id: c.roomId, user_id: c.users.member.id }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "kick_member (the owner)",
    request: (c) => ({ method: "DELETE", path: `/api/v1/rooms/${c.roomId}/members/${c.users.owner.id}` }),
    realtime: (c) => rt("kick_member", { room_id: c.roomId, user_id: c.users.owner.id }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: DENIED,
      owner: DENIED,
      otherOwner: NOT_MEMBER,
      admin: [409, "last_owner"],
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "ban_member",
    request: (c) => ({ method: "POST", path: `/api/v1/rooms/${c.roomId}/members/${c.users.member.id}/ban` }),
    realtime: (c) => rt("ban_member", { room_id: c.roomId, user_id: c.users.member.id }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "unban_member",
    request: (c) => ({
      method: "POST",
      path: `/api/v1/rooms/${c.roomId}/members/${c.users.roomBanned.id}/unban`,
    }),
    realtime: (c) => rt("unban_member", { room_id: c.roomId, user_id: c.users.roomBanned.id }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "invite_to_room (private)",
    private: true,
    request: (c) => ({
      method: "POST",
      path: "/api/v1/invitations",
      body: { room_id: c.roomId, user_id: c.users.invitee.id },
    }),
    realtime: (c) => rt("invite_to_room", { room_id: c.roomId, user_id: c.users.invitee.id }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 201,
      owner: 201,
      otherOwner: NOT_MEMBER,
      admin: 201,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "invite_to_room (public)",
    request: (c) => ({
      method: "POST",
      path: "/api/v1/invitations",
      body: { room_id: c.roomId, user_id: c.users.invitee.id },
    }),
    realtime: (c) => rt("invite_to_room", { room_id: c.roomId, user_id: c.users.invitee.id }),
    expect: {
      outsider: NOT_MEMBER,
      member: 201,
      moderator: 201,
      owner: 201,
      otherOwner: NOT_MEMBER,
      admin: 201,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "send_message",
    request: (c) => ({
      method: "POST",
      path: "/api/v1/messages",
      body: { target: { type: "room", room_id: c.roomId }, content: "hi" },
    }),
    realtime: (c) => rt("send_message", { target: roomTarget(c), content: "hi" }),
    expect: {
      outsider: NOT_MEMBER,
      member: 201,
      moderator: 201,
      owner: 201,
      otherOwner: NOT_MEMBER,
      admin: NOT_MEMBER,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "get_messages",
    request: (c) => ({ method: "GET", path: `/api/v1/messages?target_type=room&target_id=${c.roomId}` }),
    realtime: (c) => rt("get_messages", { target: roomTarget(c) }),
    expect: {
      outsider: NOT_MEMBER,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: NOT_MEMBER,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "edit_message (the member's)",
    request: (c) => ({
      method: "PATCH",
      path: `/api/v1/messages/${c.messageId}`,
      body: { content: "changed" },
    }),
    realtime: (c) => rt("edit_message", { message_id: c.messageId, content: "changed" }),
    expect: {
      outsider: NO_MSG,
      member: 200,
      moderator: [403, "not_message_author"],
      owner: [403, "not_message_author"],
      otherOwner: NO_MSG,
      admin: [403, "not_message_author"],
      roomBanned: NO_MSG,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "delete_message (the member's)",
    request: (c) => ({ method: "DELETE", path: `/api/v1/messages/${c.messageId}` }),
    realtime: (c) => rt("delete_message", { message_id: c.messageId }),
    expect: {
      outsider: NO_MSG,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NO_MSG,
      admin: 200,
      roomBanned: NO_MSG,
      ...TOKEN_REFUSED,
    },
  },
  {
    name: "mark_read",
    request: (c) => ({
      method: "POST",
      path: "/api/v1/messages/read",
      body: { target: { type: "room", room_id: c.roomId }, up_to: c.messageId },
    }),
    realtime: (c) => rt("mark_read", { target: roomTarget(c), up_to: c.messageId }),
    expect: {
      outsider: NOT_MEMBER,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: NOT_MEMBER,
      roomBanned: NOT_MEMBER,
      ...TOKEN_REFUSED,
    },
  },
  {
    // Sets the member's system role to the one they already have, so the cell's other users and
    // rooms are untouched whoever succeeds; only a system admin may (room roles give no right).
    name: "admin_set_user_role",
    request: (c) => ({
      method: "PUT",
      path: `/api/v1/admin/users/${c.users.member.id}/role`,
      body: { role: "user" },
    }),
    realtime: (c) => rt("set_user_role", { user_id: c.users.member.id, role: "user" }),
    expect: {
      outsider: DENIED,
      member: DENIED,
      moderator: DENIED,
      owner: DENIED,
      otherOwner: DENIED,
      admin: 200,
      roomBanned: DENIED,
      ...TOKEN_REFUSED,
    },
  },
];
