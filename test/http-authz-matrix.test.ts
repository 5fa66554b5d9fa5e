/**
 * The authorization matrix over HTTP: every room and message command × every kind of caller,
 * each cell on a fresh room. Message ids from another room and invitations that are not the
 * caller's are part of it (the "otherOwner" column and the invitation table). The table itself is
 * ./authz-cases.ts, shared with the WebSocket/TCP matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTORS, type Actor, type Cell, ROWS } from "./authz-cases.ts";
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
