/**
 * Every real-time command over WebSocket and over TCP against the real engine: each reply is
 * `<type>_response` with the request's `request_id`, and each event reaches its audience
 * (across transports: the owner on one, the member on the other) and nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Msg, TestClient } from "./realtime-client.ts";
import { type Harness, sleep, startHarness } from "./realtime-harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    admin: { username: "root_admin", password: "correct horse battery", email: "root@example.com" },
  });
});
afterAll(() => h.close());

/** Request and check the envelope: `<type>_response`, the same request_id, success. */
async function ok(c: TestClient, type: string, body: Msg = {}): Promise<Msg> {
  const requestId = `req-${type}-${Math.random().toString(36).slice(2)}`;
  c.send({ type, request_id: requestId, ...body });
  const res = await c.waitFor((m) => m.request_id === requestId);
  expect(res, `${type}: ${JSON.stringify(res)}`).toMatchObject({
    type: `${type}_response`,
    request_id: requestId,
    success: true,
  });
  return res;
}

describe.each([
  ["ws", "tcp"],
  ["tcp", "ws"],
] as const)("owner on %s, member on %s", (ownerKind, memberKind) => {
  it("runs every command and delivers events to the right audience", async () => {
    const tag = ownerKind;
    const [owner, member, invitee, outsider, spare] = await Promise.all(
      ["own", "mem", "inv", "out", "spare"].map((n) => h.register(`${n}_${tag}`)),
    );
    const cO = await h.connect(ownerKind, owner!);
    const cM = await h.connect(memberKind, member!);
    const cI = await h.connect(ownerKind, invitee!);
    const cX = await h.connect(memberKind, outsider!);

    // Rooms
    const room = (await ok(cO, "create_room", { name: `room-${tag}`, description: "first" })).room as Msg;
    const roomId = String(room.id);
    await ok(cO, "get_room", { room_id: roomId });
    const listed = await ok(cO, "list_rooms", { filter: { joined_only: true } });
    expect((listed.rooms as Array<{ room: { id: string } }>).map((r) => r.room.id)).toContain(roomId);
    await ok(cM, "join_room", { room_id: roomId });
    expect(await cO.waitForType("user_joined_room")).toMatchObject({
      room_id: roomId,
      user: { id: member!.user.id },
    });
    const members = await ok(cO, "get_room_members", { room_id: roomId });
    expect(members.total).toBe(2);
    await ok(cO, "update_member_role", { room_id: roomId, user_id: member!.user.id, role: "moderator" });
    expect(await cM.waitForType("member_role_changed")).toMatchObject({
      room_id: roomId,
      new_role: "moderator",
    });
    await ok(cO, "update_room", { room_id: roomId, description: "second" });
    expect(await cM.waitForType("room_updated")).toMatchObject({ room: { id: roomId } });

    // Messages
    const target = { type: "room", room_id: roomId };
    const sent = (await ok(cO, "send_message", { target, content: "hello" })).message as Msg;
    expect(await cM.waitForType("message_received")).toMatchObject({
      message: { id: sent.id, content: "hello", target },
      author_username: `own_${tag}`,
    });
    await ok(cO, "edit_message", { message_id: sent.id, content: "hello again" });
    expect(await cM.waitForType("message_edited")).toMatchObject({
      message: { id: sent.id, content: "hello again" },
    });
    const history = await ok(cM, "get_messages", { target, limit: 10 });
    expect((history.messages as Msg[]).map((m) => m.id)).toContain(sent.id);
    await ok(cM, "mark_read", { target });
    const unread = await ok(cM, "get_unread_counts");
    expect(unread.unread_counts).toMatchObject({ total: 0, by_room: {}, by_dm: {} });
    cO.send({ type: "typing", request_id: "typing-1", target });
    expect(await cM.waitForType("user_typing")).toMatchObject({ user_id: owner!.user.id, target });
    await ok(cO, "delete_message", { message_id: sent.id });
    expect(await cM.waitForType("message_deleted")).toMatchObject({ message_id: sent.id });

    // Direct messages: both spellings in, `dm` out.
    for (const spelling of ["direct_message", "dm"]) {
      const dm = (
        await ok(cO, "send_message", {
          target: { type: spelling, recipient: invitee!.user.id },
          content: spelling,
        })
      ).message as Msg;
      expect(dm.target).toEqual({ type: "dm", recipient: invitee!.user.id });
      expect(
        await cI.waitFor((m) => m.type === "message_received" && (m.message as Msg).id === dm.id),
      ).toMatchObject({
        message: { target: { type: "dm", recipient: invitee!.user.id }, content: spelling },
      });
    }

    // Invitations
    const priv = (await ok(cO, "create_room", { name: `private-${tag}`, settings: { public: false } }))
      .room as Msg;
    const privId = String(priv.id);
    const inv1 = (await ok(cO, "invite_to_room", { room_id: privId, user_id: invitee!.user.id }))
      .invitation as Msg;
    expect(await cI.waitForType("invitation_received")).toMatchObject({ invitation: { id: inv1.id } });
    const pending = await ok(cI, "list_invitations");
    expect((pending.invitations as Msg[]).map((i) => i.id)).toContain(inv1.id);
    await ok(cI, "decline_invitation", { invitation_id: inv1.id });
    const inv2 = (await ok(cO, "invite_to_room", { room_id: privId, user_id: invitee!.user.id }))
      .invitation as Msg;
    await ok(cO, "cancel_invitation", { invitation_id: inv2.id });
    const inv3 = (await ok(cO, "invite_to_room", { room_id: privId, user_id: invitee!.user.id }))
      .invitation as Msg;
    await ok(cI, "accept_invitation", { invitation_id: inv3.id });
    await ok(cI, "leave_room", { room_id: privId });

    // Moderation
    await ok(cO, "kick_member", { room_id: roomId, user_id: member!.user.id });
    expect(await cM.waitForType("user_left_room")).toMatchObject({ room_id: roomId, reason: "kicked" });
    await ok(cM, "join_room", { room_id: roomId });
    await ok(cO, "ban_member", { room_id: roomId, user_id: member!.user.id });
    await ok(cO, "unban_member", { room_id: roomId, user_id: member!.user.id });

    // Users
    const got = await ok(cO, "get_user", { user_id: member!.user.id });
    expect(got.user).toMatchObject({ id: member!.user.id });
    const users = await ok(cO, "list_users", { filter: { search: `mem_${tag}` } });
    expect((users.users as Msg[]).map((u) => u.id)).toContain(member!.user.id);
    expect(users.online_user_ids).toEqual(expect.arrayContaining([member!.user.id]));
    expect((await ok(cO, "get_current_user")).user).toMatchObject({ id: owner!.user.id });
    await ok(cO, "update_profile", { email: `owner2_${tag}@example.com` });
    expect(typeof (await ok(cO, "refresh_token")).token).toBe("string");

    // The room's end reaches the member, never the outsider.
    await ok(cM, "join_room", { room_id: roomId });
    await ok(cO, "delete_room", { room_id: roomId });
    expect(await cM.waitForType("room_deleted")).toMatchObject({ room_id: roomId });
    await ok(cX, "get_current_user");
    const leaked = cX.received.filter((m) => JSON.stringify(m).includes(roomId));
    expect(leaked).toEqual([]);

    // Admin
    const admin = await h.login("root_admin");
    const cA = await h.connect(ownerKind, admin);
    await ok(cA, "get_stats");
    await ok(cA, "ban_user", { user_id: spare!.user.id });
    await ok(cA, "unban_user", { user_id: spare!.user.id });
    await ok(cA, "revoke_user_sessions", { user_id: spare!.user.id });
    await ok(cA, "admin_delete_room", { room_id: privId });
    const promote = { user_id: spare!.user.id, role: "moderator" };
    const denied = await cX.request("set_user_role", promote);
    expect(denied).toMatchObject({ success: false, error: { code: "permission_denied" } });
    const promoted = await ok(cA, "set_user_role", promote);
    expect(promoted.user).toMatchObject({ id: spare!.user.id, role: "moderator" });
    const self = await cA.request("set_user_role", { user_id: admin.user.id, role: "user" });
    expect(self).toMatchObject({ success: false, error: { code: "permission_denied" } });

    // Password change last: it revokes the user's other sessions.
    const cS = await h.connect(ownerKind, await h.login(`spare_${tag}`));
    await ok(cS, "change_password", {
      current_password: "correct horse battery",
      new_password: "a brand new password",
    });

    // ping is answered, typing never is, logout answers and closes.
    expect(await cO.request("ping")).toMatchObject({ type: "pong" });
    await sleep(20);
    expect(cO.received.some((m) => m.request_id === "typing-1")).toBe(false);
    await ok(cO, "logout");
    await cO.closed;
  });
});

describe("extensions over the socket", () => {
  it.each(["ws", "tcp"] as const)(
    "%s: client_message_id makes a send idempotent and shows only to peers that asked",
    async (kind) => {
      const [a, b, c] = await Promise.all(
        ["idem_a", "idem_b", "idem_c"].map((n) => h.register(`${n}_${kind}`)),
      );
      const ca = await h.connect(kind, a!, ["idempotency", "seq"]);
      const cb = await h.connect(kind === "ws" ? "tcp" : "ws", b!, ["idempotency"]);
      const cc = await h.connect(kind, c!);
      const room = (await ok(ca, "create_room", { name: `idem-${kind}` })).room as Msg;
      await ok(cb, "join_room", { room_id: room.id });
      await ok(cc, "join_room", { room_id: room.id });
      const body = {
        target: { type: "room", room_id: room.id },
        content: "once",
        client_message_id: `cm-${kind}`,
      };
      const first = (await ok(ca, "send_message", body)).message as Msg;
      const again = (await ok(ca, "send_message", body)).message as Msg;
      expect(again.id).toBe(first.id);
      expect(first).toMatchObject({ client_message_id: `cm-${kind}`, seq: expect.any(Number) });
      const seenByB = await cb.waitForType("message_received");
      expect(seenByB.message).toMatchObject({ id: first.id, client_message_id: `cm-${kind}` });
      expect((seenByB.message as Msg).seq).toBeUndefined();
      const seenByC = await cc.waitForType("message_received");
      expect(seenByC.message).not.toHaveProperty("client_message_id");
      expect(seenByC).not.toHaveProperty("seq");
      await ok(cc, "get_current_user");
      expect(cc.received.filter((m) => m.type === "message_received")).toHaveLength(1);
    },
  );
});
