/**
 * Every HTTP command over real HTTP, each success body checked against the protocol's
 * response schema for its route, plus the Lair error codes PROTOCOL.md fixes.
 */
import { HTTP_ROUTES, type HttpRoute } from "@lair-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  type Harness,
  type Json,
  login,
  newRoom,
  newUser,
  PASSWORD,
  postMessage,
  startHarness,
  type TestUser,
} from "./http-harness.ts";

const routes = HTTP_ROUTES as readonly HttpRoute[];
function schemaOf(operationId: string) {
  const route = routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`no route ${operationId}`);
  return route.response;
}
function expectShape(operationId: string, body: unknown) {
  const r = schemaOf(operationId).safeParse(body);
  if (!r.success)
    throw new Error(`${operationId}: ${JSON.stringify(r.error.issues)} in ${JSON.stringify(body)}`);
}

let h: Harness;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  h = await startHarness({
    admin: { username: "root", password: "root-password", email: "root@example.com" },
  });
  admin = await login(h, "root", "root-password");
  alice = await newUser(h, "alice");
  bob = await newUser(h, "bob");
});
afterAll(() => h.close());

describe("auth", () => {
  it("registers, lower-cases the email, refuses duplicates and bad input", async () => {
    const r = await h.call("POST", "/api/v1/auth/register", {
      body: { username: "Carol_1", email: "Carol@Example.COM", password: PASSWORD },
    });
    expect(r.status).toBe(201);
    expectShape("register", r.body);
    expect(r.body.user.email).toBe("carol@example.com");
    expect(r.body.created_at ?? r.body.user.created_at).toMatch(/Z$/);
    const dupName = await h.call("POST", "/api/v1/auth/register", {
      body: { username: "carol_1", email: "x@example.com", password: PASSWORD },
    });
    expect([dupName.status, dupName.body.error.code]).toEqual([409, "username_taken"]);
    const dupEmail = await h.call("POST", "/api/v1/auth/register", {
      body: { username: "carol2", email: "CAROL@example.com", password: PASSWORD },
    });
    expect([dupEmail.status, dupEmail.body.error.code]).toEqual([409, "email_taken"]);
    const badName = await h.call("POST", "/api/v1/auth/register", {
      body: { username: "_x", email: "y@example.com", password: PASSWORD },
    });
    expect(badName.body.error.code).toBe("username_invalid");
    const weak = await h.call("POST", "/api/v1/auth/register", {
      body: { username: "dave", email: "d@example.com", password: "short" },
    });
    expect(weak.body.error.code).toBe("password_too_weak");
  });

  it("logs in by username or email, case-insensitively, with one answer for every failure", async () => {
    const byName = await h.call("POST", "/api/v1/auth/login", {
      body: { identifier: alice.username.toUpperCase(), password: PASSWORD },
    });
    expect(byName.status).toBe(200);
    expectShape("login", byName.body);
    const byEmail = await h.call("POST", "/api/v1/auth/login", {
      body: { identifier: `${alice.username}@EXAMPLE.com`, password: PASSWORD },
    });
    expect(byEmail.status).toBe(200);
    const wrong = await h.call("POST", "/api/v1/auth/login", {
      body: { identifier: alice.username, password: "not-the-password" },
    });
    const unknown = await h.call("POST", "/api/v1/auth/login", {
      body: { identifier: "nobody_here", password: "not-the-password" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it("refuses an over-long password before hashing it", async () => {
    const r = await h.call("POST", "/api/v1/auth/login", {
      body: { identifier: alice.username, password: "x".repeat(5000) },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
  });

  it("refreshes a token and changes the password (revoking other sessions)", async () => {
    const u = await newUser(h, "pw");
    const other = await login(h, u.username);
    const refreshed = await h.call("POST", "/api/v1/auth/refresh", { token: u.token });
    expect(refreshed.status).toBe(200);
    expectShape("refreshToken", refreshed.body);
    const bad = await h.call("POST", "/api/v1/auth/change-password", {
      token: u.token,
      body: { current_password: "nope-nope-nope", new_password: "brand-new-pass" },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, "incorrect_password"]);
    const ok = await h.call("POST", "/api/v1/auth/change-password", {
      token: u.token,
      body: { current_password: PASSWORD, new_password: "brand-new-pass" },
    });
    expect(ok.status).toBe(200);
    expect((await h.call("GET", "/api/v1/users/me", { token: other.token })).body.error.code).toBe(
      "session_not_found",
    );
    expect((await h.call("GET", "/api/v1/users/me", { token: refreshed.body.token })).status).toBe(200);
    expect(
      (
        await h.call("POST", "/api/v1/auth/login", {
          body: { identifier: u.username, password: "brand-new-pass" },
        })
      ).status,
    ).toBe(200);
  });

  it("logs out", async () => {
    const u = await newUser(h, "out");
    const r = await h.call("POST", "/api/v1/auth/logout", { token: u.token });
    expect(r.body).toEqual({ success: true });
    expect((await h.call("GET", "/api/v1/users/me", { token: u.token })).body.error.code).toBe(
      "session_not_found",
    );
  });
});

describe("users", () => {
  it("me, update, get, list with search, online_only and a true total", async () => {
    const me = await h.call("GET", "/api/v1/users/me", { token: alice.token });
    expectShape("getCurrentUser", me.body);
    expect(me.body.unread_counts).toEqual({ total: 0, by_room: {}, by_dm: {} });
    const upd = await h.call("PATCH", "/api/v1/users/me", {
      token: alice.token,
      body: { email: "Alice.New@Example.com" },
    });
    expect(upd.body.user.email).toBe("alice.new@example.com");
    const taken = await h.call("PATCH", "/api/v1/users/me", {
      token: bob.token,
      body: { email: "alice.new@example.com" },
    });
    expect(taken.body.error.code).toBe("email_taken");
    const get = await h.call("GET", `/api/v1/users/${alice.id}`, { token: bob.token });
    expectShape("getUser", get.body);
    expect(get.body.user.email).toBe("");
    expect(get.body.online).toBe(false);
    expect((await h.call("GET", "/api/v1/users/no-such-user", { token: bob.token })).status).toBe(404);
    const list = await h.call("GET", "/api/v1/users?search=alice&limit=1", { token: bob.token });
    expectShape("listUsers", list.body);
    expect(list.body.total_count).toBeGreaterThanOrEqual(1);
    const all = await h.call("GET", "/api/v1/users?limit=2&offset=0", { token: bob.token });
    expect(all.body.users).toHaveLength(2);
    expect(all.body.total_count).toBeGreaterThan(2);
    expect(all.body.has_more).toBe(true);
    const online = await h.call("GET", "/api/v1/users?online_only=true", { token: bob.token });
    expect(online.body).toMatchObject({ users: [], total_count: 0 });
  });
});

describe("rooms, members, invitations", () => {
  it("runs the room lifecycle", async () => {
    const created = await h.call("POST", "/api/v1/rooms", {
      token: alice.token,
      body: { name: "  lobby-x  ", description: "d", settings: { public: true, max_members: 5 } },
    });
    expect(created.status).toBe(201);
    expectShape("createRoom", created.body);
    expect(created.body.room.name).toBe("lobby-x");
    const id = created.body.room.id;
    expect(
      (await h.call("POST", "/api/v1/rooms", { token: bob.token, body: { name: "LOBBY-X" } })).body.error
        .code,
    ).toBe("room_name_taken");
    expect(
      (await h.call("POST", "/api/v1/rooms", { token: bob.token, body: { name: "   " } })).body.error.code,
    ).toBe("room_name_invalid");
    const join = await h.call("POST", `/api/v1/rooms/${id}/join`, { token: bob.token });
    expectShape("joinRoom", join.body);
    expect((await h.call("POST", `/api/v1/rooms/${id}/join`, { token: bob.token })).body.error.code).toBe(
      "already_member",
    );
    const got = await h.call("GET", `/api/v1/rooms/${id}`, { token: bob.token });
    expectShape("getRoom", got.body);
    expect(got.body.member_count).toBe(2);
    const list = await h.call("GET", "/api/v1/rooms?search=lobby&joined_only=true", { token: bob.token });
    expectShape("listRooms", list.body);
    expect(list.body.rooms.map((r: Json) => r.room.id)).toContain(id);
    const upd = await h.call("PATCH", `/api/v1/rooms/${id}`, {
      token: alice.token,
      body: { name: "lobby-y", settings: { public: false } },
    });
    expectShape("updateRoom", upd.body);
    expect(upd.body.room.settings.is_private).toBe(true);
    const members = await h.call("GET", `/api/v1/rooms/${id}/members`, { token: bob.token });
    expectShape("listMembers", members.body);
    expect(members.body.total).toBe(2);
    const role = await h.call("PUT", `/api/v1/rooms/${id}/members/${bob.id}/role`, {
      token: alice.token,
      body: { role: "moderator" },
    });
    expectShape("updateMemberRole", role.body);
    expect(role.body.member.role).toBe("moderator");
    expect((await h.call("POST", `/api/v1/rooms/${id}/leave`, { token: alice.token })).body.error.code).toBe(
      "last_owner",
    );
    expect((await h.call("POST", `/api/v1/rooms/${id}/leave`, { token: bob.token })).body).toEqual({
      success: true,
    });
    expect((await h.call("DELETE", `/api/v1/rooms/${id}`, { token: alice.token })).body).toEqual({
      success: true,
    });
    expect((await h.call("GET", `/api/v1/rooms/${id}`, { token: alice.token })).status).toBe(404);
  });

  it("kicks, bans and unbans", async () => {
    const id = await newRoom(h, alice);
    const carol = await newUser(h, "carol");
    await addMember(h, alice, id, carol);
    expect(
      (await h.call("DELETE", `/api/v1/rooms/${id}/members/${carol.id}`, { token: alice.token })).body,
    ).toEqual({ success: true });
    await addMember(h, alice, id, carol);
    expect(
      (
        await h.call("POST", `/api/v1/rooms/${id}/members/${carol.id}/ban`, {
          token: alice.token,
          body: { reason: "spam" },
        })
      ).status,
    ).toBe(200);
    const refused = await h.call("POST", `/api/v1/rooms/${id}/join`, { token: carol.token });
    expect([refused.status, refused.body.error.code]).toEqual([403, "user_banned_from_room"]);
    expect(
      (await h.call("POST", `/api/v1/rooms/${id}/members/${carol.id}/unban`, { token: alice.token })).status,
    ).toBe(200);
    expect((await h.call("POST", `/api/v1/rooms/${id}/join`, { token: carol.token })).status).toBe(200);
  });

  it("invites to a private room; accept, decline, cancel and expiry", async () => {
    const id = await newRoom(h, alice, { private: true });
    const carol = await newUser(h, "carol");
    const dave = await newUser(h, "dave");
    expect((await h.call("GET", `/api/v1/rooms/${id}`, { token: carol.token })).body.error.code).toBe(
      "room_not_found",
    );
    expect((await h.call("POST", `/api/v1/rooms/${id}/join`, { token: carol.token })).status).toBe(404);
    const inv = await h.call("POST", "/api/v1/invitations", {
      token: alice.token,
      body: { room_id: id, user_id: carol.id, message: "come" },
    });
    expect(inv.status).toBe(201);
    expectShape("createInvitation", inv.body);
    expect(inv.body.invitation).toMatchObject({
      inviter_id: alice.id,
      invitee_id: carol.id,
      status: "pending",
    });
    expect(
      (
        await h.call("POST", "/api/v1/invitations", {
          token: alice.token,
          body: { room_id: id, user_id: carol.id },
        })
      ).body.error.code,
    ).toBe("already_invited");
    const list = await h.call("GET", "/api/v1/invitations", { token: carol.token });
    expectShape("listInvitations", list.body);
    expect(list.body.invitations).toHaveLength(1);
    expect(
      (await h.call("POST", `/api/v1/invitations/${inv.body.invitation.id}/accept`, { token: dave.token }))
        .body.error.code,
    ).toBe("not_invitee");
    const acc = await h.call("POST", `/api/v1/invitations/${inv.body.invitation.id}/accept`, {
      token: carol.token,
    });
    expectShape("acceptInvitation", acc.body);
    const again = await h.call("POST", `/api/v1/invitations/${inv.body.invitation.id}/accept`, {
      token: carol.token,
    });
    expect([again.status, again.body.error.code]).toEqual([409, "invitation_expired"]);
    const inv2 = await h.call("POST", "/api/v1/invitations", {
      token: alice.token,
      body: { room_id: id, user_id: dave.id },
    });
    expect(
      (await h.call("POST", `/api/v1/invitations/${inv2.body.invitation.id}/decline`, { token: dave.token }))
        .body,
    ).toEqual({ success: true });
    expect(
      (await h.call("POST", `/api/v1/invitations/${inv2.body.invitation.id}/decline`, { token: dave.token }))
        .body.error.code,
    ).toBe("invitation_expired");
    const inv3 = await h.call("POST", "/api/v1/invitations", {
      token: alice.token,
      body: { room_id: id, user_id: dave.id },
    });
    expect(
      (await h.call("POST", `/api/v1/invitations/${inv3.body.invitation.id}/cancel`, { token: dave.token }))
        .body.error.code,
    ).toBe("permission_denied");
    expect(
      (await h.call("POST", `/api/v1/invitations/${inv3.body.invitation.id}/cancel`, { token: alice.token }))
        .body,
    ).toEqual({ success: true });
    expect(
      (await h.call("POST", `/api/v1/invitations/${inv3.body.invitation.id}/accept`, { token: dave.token }))
        .body.error.code,
    ).toBe("invitation_expired");
  });
});

describe("messages", () => {
  it("sends, pages, edits, deletes, marks read", async () => {
    const id = await newRoom(h, alice);
    await addMember(h, alice, id, bob);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await postMessage(h, alice, id, `m${i}`));
    const sent = await h.call("POST", "/api/v1/messages", {
      token: alice.token,
      body: { target: { type: "room", room_id: id }, content: "x" },
    });
    expectShape("sendMessage", sent.body);
    expect(sent.body.message.seq).toBeUndefined();
    const page = await h.call("GET", `/api/v1/messages?target_type=room&target_id=${id}&limit=2`, {
      token: bob.token,
    });
    expectShape("getMessages", page.body);
    expect(page.body.messages.map((m: Json) => m.content)).toEqual(["x", "m4"]);
    expect(page.body.has_more).toBe(true);
    expect(page.body.total_count).toBe(6);
    const cursor = await h.call(
      "GET",
      `/api/v1/messages?target_type=room&target_id=${id}&limit=2&before_seq=5`,
      { token: bob.token },
    );
    expect(cursor.body.messages.map((m: Json) => m.seq)).toEqual([4, 3]);
    expect(cursor.body.next_cursor).toBe(3);
    expect(cursor.body.total_count).toBe(4);
    const edited = await h.call("PATCH", `/api/v1/messages/${ids[0]}`, {
      token: alice.token,
      body: { content: "m0!" },
    });
    expectShape("editMessage", edited.body);
    expect(edited.body.message).toMatchObject({ content: "m0!", edited: true });
    expect(
      (await h.call("PATCH", `/api/v1/messages/${ids[0]}`, { token: bob.token, body: { content: "no" } }))
        .body.error.code,
    ).toBe("not_message_author");
    expect((await h.call("DELETE", `/api/v1/messages/${ids[1]}`, { token: bob.token })).body.error.code).toBe(
      "permission_denied",
    );
    expect((await h.call("DELETE", `/api/v1/messages/${ids[1]}`, { token: alice.token })).body).toEqual({
      success: true,
    });
    const again = await h.call("DELETE", `/api/v1/messages/${ids[1]}`, { token: alice.token });
    expect([again.status, again.body.error.code]).toEqual([404, "message_not_found"]);
    const plain = await h.call("GET", `/api/v1/messages?target_type=room&target_id=${id}`, {
      token: bob.token,
    });
    expect(plain.body.messages.map((m: Json) => m.id)).not.toContain(ids[1]);
    expect(plain.body.total_count).toBe(5);
    const tomb = await h.call("GET", `/api/v1/messages?target_type=room&target_id=${id}&cursor=true`, {
      token: bob.token,
    });
    expect(tomb.body.total_count).toBe(6);
    expect(tomb.body.messages.find((m: Json) => m.id === ids[1])).toMatchObject({
      deleted: true,
      content: "",
    });
    const me = await h.call("GET", "/api/v1/users/me", { token: bob.token });
    expect(me.body.unread_counts.by_room[id]).toBe(5);
    const unread = await h.call("GET", "/api/v1/messages/unread", { token: bob.token });
    expectShape("getUnreadCounts", unread.body);
    expect(unread.body).toEqual({ unread_counts: me.body.unread_counts });
    const read = await h.call("POST", "/api/v1/messages/read", {
      token: bob.token,
      body: { target: { type: "room", room_id: id }, up_to: ids[2] },
    });
    expectShape("markRead", read.body);
    expect(read.body.unread_count).toBe(3);
    expect(
      (
        await h.call("POST", "/api/v1/messages/read", {
          token: bob.token,
          body: { target: { type: "room", room_id: id } },
        })
      ).body.unread_count,
    ).toBe(0);
  });

  it("enforces content rules and targets", async () => {
    const id = await newRoom(h, alice);
    const empty = await h.call("POST", "/api/v1/messages", {
      token: alice.token,
      body: { target: { type: "room", room_id: id }, content: "   " },
    });
    expect([empty.status, empty.body.error.code]).toEqual([400, "content_invalid"]);
    const long = await h.call("POST", "/api/v1/messages", {
      token: alice.token,
      body: { target: { type: "room", room_id: id }, content: "é".repeat(2049) },
    });
    expect(long.body.error.code).toBe("content_invalid");
    const outsider = await h.call("POST", "/api/v1/messages", {
      token: bob.token,
      body: { target: { type: "room", room_id: id }, content: "hi" },
    });
    expect([outsider.status, outsider.body.error.code]).toEqual([403, "not_room_member"]);
    const missing = await h.call("POST", "/api/v1/messages", {
      token: bob.token,
      body: { target: { type: "room", room_id: "nope" }, content: "hi" },
    });
    expect(missing.body.error.code).toBe("not_room_member");
    const noUser = await h.call("POST", "/api/v1/messages", {
      token: bob.token,
      body: { target: { type: "direct_message", recipient: "nope" }, content: "hi" },
    });
    expect([noUser.status, noUser.body.error.code]).toEqual([404, "user_not_found"]);
  });

  it("sends DMs in either spelling, idempotently with client_message_id", async () => {
    const a = await h.call("POST", "/api/v1/messages", {
      token: alice.token,
      body: {
        target: { type: "direct_message", recipient: bob.id },
        content: "hey",
        client_message_id: "k-1",
      },
    });
    expect(a.status).toBe(201);
    expect(a.body.message.target).toEqual({ type: "dm", recipient: bob.id });
    expect(a.body.message.client_message_id).toBe("k-1");
    const b = await h.call("POST", "/api/v1/messages", {
      token: alice.token,
      body: { target: { type: "dm", recipient: bob.id }, content: "hey", client_message_id: "k-1" },
    });
    expect(b.body.message.id).toBe(a.body.message.id);
    const hist = await h.call("GET", `/api/v1/messages?target_type=direct_message&target_id=${alice.id}`, {
      token: bob.token,
    });
    expect(hist.body.messages.filter((m: Json) => m.content === "hey")).toHaveLength(1);
  });
});

describe("admin", () => {
  it("stats, ban/unban, revoke sessions, delete any room", async () => {
    const stats = await h.call("GET", "/api/v1/admin/stats", { token: admin.token });
    expectShape("getStats", stats.body);
    expect((await h.call("GET", "/api/v1/admin/stats", { token: alice.token })).body.error.code).toBe(
      "permission_denied",
    );
    const victim = await newUser(h, "victim");
    const ban = await h.call("POST", `/api/v1/admin/users/${victim.id}/ban`, {
      token: admin.token,
      body: { reason: "spam" },
    });
    expectShape("banUser", ban.body);
    const refused = await h.call("GET", "/api/v1/users/me", { token: victim.token });
    expect(refused.status).toBe(401);
    const loginBanned = await h.call("POST", "/api/v1/auth/login", {
      body: { identifier: victim.username, password: PASSWORD },
    });
    expect([loginBanned.status, loginBanned.body.error.code]).toEqual([403, "account_banned"]);
    expect(
      (await h.call("POST", `/api/v1/admin/users/${victim.id}/unban`, { token: admin.token })).status,
    ).toBe(200);
    const back = await login(h, victim.username);
    const revoked = await h.call("POST", `/api/v1/admin/users/${victim.id}/revoke-sessions`, {
      token: admin.token,
    });
    expectShape("revokeUserSessions", revoked.body);
    expect(revoked.body.revoked_sessions).toBe(1);
    expect((await h.call("GET", "/api/v1/users/me", { token: back.token })).body.error.code).toBe(
      "session_not_found",
    );
    const id = await newRoom(h, alice);
    expect(
      (await h.call("DELETE", `/api/v1/admin/rooms/${id}`, { token: admin.token, body: { reason: "rules" } }))
        .body,
    ).toEqual({ success: true });
    expect((await h.call("GET", `/api/v1/rooms/${id}`, { token: alice.token })).status).toBe(404);
  });

  it("sets system roles: admins only, never their own, effective at once without revoking", async () => {
    const u = await newUser(h, "promoted");
    const setRole = (token: string, userId: string, role: string) =>
      h.call("PUT", `/api/v1/admin/users/${userId}/role`, { token, body: { role } });
    expect((await setRole(alice.token, u.id, "admin")).body.error.code).toBe("permission_denied");
    const up = await setRole(admin.token, u.id, "admin");
    expect(up.status).toBe(200);
    expectShape("setUserRole", up.body);
    expect(up.body.user).toMatchObject({ id: u.id, role: "admin" });
    // The token minted before the change still works and already carries the new rights.
    expect((await h.call("GET", "/api/v1/users/me", { token: u.token })).body.user.role).toBe("admin");
    expect((await h.call("GET", "/api/v1/admin/stats", { token: u.token })).status).toBe(200);
    const fresh = await h.call("POST", "/api/v1/auth/refresh", { token: u.token });
    const claims = JSON.parse(Buffer.from(fresh.body.token.split(".")[1], "base64url").toString());
    expect(claims.role).toBe("admin");
    // No admin changes their own role, so the last admin cannot demote themself.
    const self = await setRole(u.token, u.id, "user");
    expect([self.status, self.body.error.code]).toEqual([403, "permission_denied"]);
    expect((await setRole(admin.token, u.id, "moderator")).body.user.role).toBe("moderator");
    expect((await h.call("GET", "/api/v1/admin/stats", { token: u.token })).body.error.code).toBe(
      "permission_denied",
    );
    const bad = await setRole(admin.token, u.id, "owner");
    expect([bad.status, bad.body.error.code]).toEqual([400, "validation_failed"]);
    const missing = await setRole(admin.token, "no-such-user", "user");
    expect([missing.status, missing.body.error.code]).toEqual([404, "user_not_found"]);
  });
});

describe("the HTTP layer", () => {
  it("serves health, ready, metrics and the OpenAPI document; leaves other paths to the host", async () => {
    expect((await h.call("GET", "/health")).body).toMatchObject({ status: "healthy" });
    expect((await h.call("GET", "/ready")).body).toEqual({ ready: true, database: "connected" });
    const metrics = await fetch(`${h.base}/metrics`);
    const text = await metrics.text();
    expect(text).toContain("lair_http_request_duration_seconds");
    expect(text).toContain("lair_messages_total");
    const openapi = await h.call("GET", "/api/v1/openapi.json");
    expect(openapi.body.openapi).toMatch(/^3\./);
    const other = await h.call("GET", "/elsewhere");
    expect([other.status, other.body]).toEqual([404, "host app"]);
    expect((await h.call("GET", "/api/v1/nothing-here", { token: alice.token })).body.error.code).toBe(
      "not_found",
    );
    const wrongMethod = await h.call("DELETE", "/api/v1/users/me", { token: alice.token });
    expect(wrongMethod.status).toBe(405);
  });

  it("answers bad JSON, huge bodies and wrong content types with typed errors", async () => {
    const bad = await h.call("POST", "/api/v1/rooms", { token: alice.token, raw: "{not json" });
    expect([bad.status, bad.body.error.code]).toEqual([400, "invalid_json"]);
    const proto = await h.call("POST", "/api/v1/rooms", {
      token: alice.token,
      raw: '{"__proto__":{"x":1},"name":"p"}',
    });
    expect(proto.body.error.code).toBe("invalid_json");
    const big = await h.call("POST", "/api/v1/rooms", {
      token: alice.token,
      raw: JSON.stringify({ name: "x".repeat(1_100_000) }),
    });
    expect([big.status, big.body.error.code]).toEqual([413, "payload_too_large"]);
    const form = await h.call("POST", "/api/v1/rooms", {
      token: alice.token,
      raw: "name=x",
      headers: { "content-type": "text/plain" },
    });
    expect(form.status).toBe(400);
    expect((await h.call("GET", "/health")).status).toBe(200);
  });

  it("returns 503 from /ready when storage is down", async () => {
    const original = h.storage.ping.bind(h.storage);
    h.storage.ping = async () => {
      throw new Error("down");
    };
    try {
      const r = await h.call("GET", "/ready");
      expect(r.status).toBe(503);
      expect(r.body.ready).toBe(false);
    } finally {
      h.storage.ping = original;
    }
  });
});
