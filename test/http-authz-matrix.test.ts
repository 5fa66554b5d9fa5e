/**
 * The authorization matrix over HTTP: every room and message command × every kind of caller,
 * each cell on a fresh room. Message ids from another room and invitations that are not the
 * caller's are part of it (the "otherOwner" column and the invitation table).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  type Harness,
  login,
  newRoom,
  newUser,
  postMessage,
  startHarness,
  type TestUser,
} from "./http-harness.ts";

const ACTORS = [
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
type Actor = (typeof ACTORS)[number];
type Expect = number | [number, string];

interface Cell {
  roomId: string;
  messageId: string;
  users: Record<Actor | "invitee", TestUser>;
}
interface Row {
  name: string;
  private?: boolean;
  request(c: Cell): { method: string; path: string; body?: unknown };
  expect: Record<Actor, Expect>;
}

const BANNED: Expect = [403, "account_banned"];
const GONE: Expect = [401, "session_not_found"];
const NOT_MEMBER: Expect = [403, "not_room_member"];
const DENIED: Expect = [403, "permission_denied"];
const NO_MSG: Expect = [404, "message_not_found"];
const NO_ROOM: Expect = [404, "room_not_found"];

const ROWS: Row[] = [
  {
    name: "get_room (private)",
    private: true,
    request: (c) => ({ method: "GET", path: `/api/v1/rooms/${c.roomId}` }),
    expect: {
      outsider: NO_ROOM,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NO_ROOM,
      admin: 200,
      roomBanned: NO_ROOM,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "get_room (public)",
    request: (c) => ({ method: "GET", path: `/api/v1/rooms/${c.roomId}` }),
    expect: {
      outsider: 200,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: 200,
      admin: 200,
      roomBanned: 200,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "update_room",
    request: (c) => ({ method: "PATCH", path: `/api/v1/rooms/${c.roomId}`, body: { description: "new" } }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "delete_room",
    request: (c) => ({ method: "DELETE", path: `/api/v1/rooms/${c.roomId}` }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: DENIED,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "join_room (public)",
    request: (c) => ({ method: "POST", path: `/api/v1/rooms/${c.roomId}/join` }),
    expect: {
      outsider: 200,
      member: [409, "already_member"],
      moderator: [409, "already_member"],
      owner: [409, "already_member"],
      otherOwner: 200,
      admin: 200,
      roomBanned: [403, "user_banned_from_room"],
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "join_room (private)",
    private: true,
    request: (c) => ({ method: "POST", path: `/api/v1/rooms/${c.roomId}/join` }),
    expect: {
      outsider: NO_ROOM,
      member: [409, "already_member"],
      moderator: [409, "already_member"],
      owner: [409, "already_member"],
      otherOwner: NO_ROOM,
      admin: NO_ROOM,
      roomBanned: NO_ROOM,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "leave_room",
    request: (c) => ({ method: "POST", path: `/api/v1/rooms/${c.roomId}/leave` }),
    expect: {
      outsider: NOT_MEMBER,
      member: 200,
      moderator: 200,
      owner: [409, "last_owner"],
      otherOwner: NOT_MEMBER,
      admin: NOT_MEMBER,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "list_members",
    request: (c) => ({ method: "GET", path: `/api/v1/rooms/${c.roomId}/members` }),
    expect: {
      outsider: NOT_MEMBER,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "set_member_role",
    request: (c) => ({
      method: "PUT",
      path: `/api/v1/rooms/${c.roomId}/members/${c.users.member.id}/role`,
      body: { role: "moderator" },
    }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: DENIED,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "kick_member",
    request: (c) => ({ method: "DELETE", path: `/api/v1/rooms/${c.roomId}/members/${c.users.member.id}` }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "kick_member (the owner)",
    request: (c) => ({ method: "DELETE", path: `/api/v1/rooms/${c.roomId}/members/${c.users.owner.id}` }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: DENIED,
      owner: DENIED,
      otherOwner: NOT_MEMBER,
      admin: [409, "last_owner"],
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "ban_member",
    request: (c) => ({ method: "POST", path: `/api/v1/rooms/${c.roomId}/members/${c.users.member.id}/ban` }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "unban_member",
    request: (c) => ({
      method: "POST",
      path: `/api/v1/rooms/${c.roomId}/members/${c.users.roomBanned.id}/unban`,
    }),
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: 200,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
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
    expect: {
      outsider: NOT_MEMBER,
      member: DENIED,
      moderator: 201,
      owner: 201,
      otherOwner: NOT_MEMBER,
      admin: 201,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "invite_to_room (public)",
    request: (c) => ({
      method: "POST",
      path: "/api/v1/invitations",
      body: { room_id: c.roomId, user_id: c.users.invitee.id },
    }),
    expect: {
      outsider: NOT_MEMBER,
      member: 201,
      moderator: 201,
      owner: 201,
      otherOwner: NOT_MEMBER,
      admin: 201,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "send_message",
    request: (c) => ({
      method: "POST",
      path: "/api/v1/messages",
      body: { target: { type: "room", room_id: c.roomId }, content: "hi" },
    }),
    expect: {
      outsider: NOT_MEMBER,
      member: 201,
      moderator: 201,
      owner: 201,
      otherOwner: NOT_MEMBER,
      admin: NOT_MEMBER,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "get_messages",
    request: (c) => ({ method: "GET", path: `/api/v1/messages?target_type=room&target_id=${c.roomId}` }),
    expect: {
      outsider: NOT_MEMBER,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: NOT_MEMBER,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "edit_message (the member's)",
    request: (c) => ({
      method: "PATCH",
      path: `/api/v1/messages/${c.messageId}`,
      body: { content: "changed" },
    }),
    expect: {
      outsider: NO_MSG,
      member: 200,
      moderator: [403, "not_message_author"],
      owner: [403, "not_message_author"],
      otherOwner: NO_MSG,
      admin: [403, "not_message_author"],
      roomBanned: NO_MSG,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "delete_message (the member's)",
    request: (c) => ({ method: "DELETE", path: `/api/v1/messages/${c.messageId}` }),
    expect: {
      outsider: NO_MSG,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NO_MSG,
      admin: 200,
      roomBanned: NO_MSG,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
  {
    name: "mark_read",
    request: (c) => ({
      method: "POST",
      path: "/api/v1/messages/read",
      body: { target: { type: "room", room_id: c.roomId }, up_to: c.messageId },
    }),
    expect: {
      outsider: NOT_MEMBER,
      member: 200,
      moderator: 200,
      owner: 200,
      otherOwner: NOT_MEMBER,
      admin: NOT_MEMBER,
      roomBanned: NOT_MEMBER,
      serverBanned: BANNED,
      deleted: GONE,
    },
  },
];

let h: Harness;
let users: Record<Actor | "invitee", TestUser>;

beforeAll(async () => {
  h = await startHarness({
    admin: { username: "matrix_admin", password: "admin-password", email: "ma@example.com" },
  });
  const u: Partial<Record<Actor | "invitee", TestUser>> = {};
  for (const a of ACTORS) if (a !== "admin") u[a] = await newUser(h, a);
  u.admin = await login(h, "matrix_admin", "admin-password");
  u.invitee = await newUser(h, "invitee");
  users = u as Record<Actor | "invitee", TestUser>;
  await newRoom(h, users.otherOwner);
  // Banned server-wide / deleted directly in storage: the token stays signed and its session live.
  await h.storage.updateUser(users.serverBanned.id, { bannedAt: Date.now() });
  await h.storage.updateUser(users.deleted.id, { deletedAt: Date.now() });
});
afterAll(() => h.close());

async function freshCell(isPrivate: boolean): Promise<Cell> {
  const roomId = await newRoom(h, users.owner, { private: isPrivate });
  await addMember(h, users.owner, roomId, users.moderator, isPrivate);
  await addMember(h, users.owner, roomId, users.member, isPrivate);
  const promote = await h.call("PUT", `/api/v1/rooms/${roomId}/members/${users.moderator.id}/role`, {
    token: users.owner.token,
    body: { role: "moderator" },
  });
  expect(promote.status).toBe(200);
  const ban = await h.call("POST", `/api/v1/rooms/${roomId}/members/${users.roomBanned.id}/ban`, {
    token: users.owner.token,
  });
  expect(ban.status).toBe(200);
  const messageId = await postMessage(h, users.member, roomId, "the member's message");
  return { roomId, messageId, users };
}

describe("authorization matrix", () => {
  for (const row of ROWS) {
    describe(row.name, () => {
      for (const actor of ACTORS) {
        const want = row.expect[actor];
        const [status, code] = typeof want === "number" ? [want, undefined] : want;
        it(`${actor} → ${status}${code ? ` ${code}` : ""}`, async () => {
          const cell = await freshCell(row.private === true);
          const req = row.request(cell);
          const r = await h.call(req.method, req.path, {
            token: users[actor].token,
            ...(req.body === undefined ? {} : { body: req.body }),
          });
          expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status, code });
        });
      }
    });
  }
});

describe("invitations that are not yours", () => {
  it("refuses accept/decline by others, cancel by outsiders and the invitee", async () => {
    const cell = await freshCell(true);
    const inv = await h.call("POST", "/api/v1/invitations", {
      token: users.owner.token,
      body: { room_id: cell.roomId, user_id: users.invitee.id },
    });
    const id = inv.body.invitation.id;
    for (const actor of ["outsider", "member", "owner", "admin"] as const) {
      const acc = await h.call("POST", `/api/v1/invitations/${id}/accept`, { token: users[actor].token });
      expect([actor, acc.status, acc.body.error.code]).toEqual([actor, 409, "not_invitee"]);
      const dec = await h.call("POST", `/api/v1/invitations/${id}/decline`, { token: users[actor].token });
      expect([actor, dec.status, dec.body.error.code]).toEqual([actor, 409, "not_invitee"]);
    }
    expect(
      (await h.call("POST", `/api/v1/invitations/${id}/cancel`, { token: users.outsider.token })).body.error
        .code,
    ).toBe("invitation_not_found");
    expect(
      (await h.call("POST", `/api/v1/invitations/${id}/cancel`, { token: users.member.token })).body.error
        .code,
    ).toBe("invitation_not_found");
    expect(
      (await h.call("POST", `/api/v1/invitations/${id}/cancel`, { token: users.invitee.token })).body.error
        .code,
    ).toBe("permission_denied");
    expect(
      (await h.call("POST", `/api/v1/invitations/${id}/cancel`, { token: users.moderator.token })).status,
    ).toBe(200);
    expect(
      (await h.call("POST", "/api/v1/invitations/no-such-invitation/accept", { token: users.invitee.token }))
        .body.error.code,
    ).toBe("invitation_not_found");
    const list = await h.call("GET", "/api/v1/invitations", { token: users.outsider.token });
    expect(list.body.invitations).toEqual([]);
  });

  it("keeps message ids of one room out of another room's reach", async () => {
    const a = await freshCell(false);
    const other = await newRoom(h, users.otherOwner);
    const foreign = await postMessage(h, users.otherOwner, other, "elsewhere");
    for (const actor of ["owner", "moderator", "member"] as const) {
      const edit = await h.call("PATCH", `/api/v1/messages/${foreign}`, {
        token: users[actor].token,
        body: { content: "x" },
      });
      expect([actor, edit.status]).toEqual([actor, 404]);
      const del = await h.call("DELETE", `/api/v1/messages/${foreign}`, { token: users[actor].token });
      expect([actor, del.status]).toEqual([actor, 404]);
      const read = await h.call("POST", "/api/v1/messages/read", {
        token: users[actor].token,
        body: { target: { type: "room", room_id: a.roomId }, up_to: foreign },
      });
      expect([actor, read.status, read.body.error.code]).toEqual([actor, 404, "message_not_found"]);
    }
  });
});
