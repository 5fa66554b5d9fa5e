/**
 * The client against a real server over real sockets: the HTTP groups (typed, validated,
 * LairError on failure), and live chat over WebSocket and every TCP encryption mode.
 */
import { createLairClient, type LairClient } from "@lair-chat/client/node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  eventually,
  proxiedClient,
  registerOn,
  startServer,
  type TestServer,
  timelineIds,
  uniqueName,
} from "./client-fixtures.ts";

let server: TestServer;
const clients: LairClient[] = [];

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.close();
});

function track<T extends { client: LairClient }>(value: T): T {
  clients.push(value.client);
  return value;
}

describe("admin over HTTP", () => {
  it("an admin sets another user's system role; the user sees it", async () => {
    const adminServer = await startServer({
      admin: { username: "root_admin", password: "admin password", email: "root@x.test" },
    });
    try {
      const admin = createLairClient({ baseUrl: adminServer.baseUrl });
      const user = createLairClient({ baseUrl: adminServer.baseUrl });
      clients.push(admin, user);
      await admin.auth.login({ identifier: "root_admin", password: "admin password" });
      const registered = await user.auth.register({
        username: "promoted",
        email: "promoted@x.test",
        password: "password one",
      });
      await expect(user.admin.setUserRole(registered.user.id, "admin")).rejects.toMatchObject({
        code: "permission_denied",
      });
      const changed = await admin.admin.setUserRole(registered.user.id, "moderator");
      expect(changed.user.role).toBe("moderator");
      expect((await user.users.me()).user.role).toBe("moderator");
    } finally {
      await adminServer.close();
    }
  });
});

describe("HTTP API", () => {
  it("registers, logs in case-insensitively, refreshes, and reports errors as LairError", async () => {
    const client = createLairClient({ baseUrl: server.baseUrl });
    clients.push(client);
    const username = uniqueName("Api");
    const registered = await client.auth.register({
      username,
      email: `${username}@x.test`,
      password: "password one",
    });
    expect(registered.user.username).toBe(username);
    await expect(
      client.auth.register({ username, email: `other-${username}@x.test`, password: "password one" }),
    ).rejects.toMatchObject({ name: "LairError", code: "username_taken", status: 409 });
    const other = createLairClient({ baseUrl: server.baseUrl });
    clients.push(other);
    const login = await other.auth.login({ identifier: username.toUpperCase(), password: "password one" });
    expect(login.user.id).toBe(registered.user.id);
    expect(other.state.me?.id).toBe(registered.user.id);
    const refreshed = await other.auth.refresh();
    expect(refreshed.token).toEqual(expect.any(String));
    await expect(
      other.auth.login({ identifier: username, password: "wrong password" }),
    ).rejects.toMatchObject({
      code: "invalid_credentials",
    });
    const me = await other.users.me();
    expect(me.user.username).toBe(username);
    await other.auth.logout();
    await expect(other.users.me()).rejects.toMatchObject({ code: "missing_token" });
    // The session is revoked everywhere: the first client's token for the same user still works
    // (another session), a stale copy of the logged-out one does not.
    await expect(client.users.me()).resolves.toMatchObject({ user: { id: registered.user.id } });
  });

  it("manages rooms, members, roles, kicks and bans, and keeps state in step", async () => {
    const owner = createLairClient({ baseUrl: server.baseUrl });
    const member = createLairClient({ baseUrl: server.baseUrl });
    clients.push(owner, member);
    await registerOn(owner, "owner");
    const joiner = await registerOn(member, "member");
    const { room } = await owner.rooms.create({ name: uniqueName("room"), description: "test room" });
    expect(owner.state.room(room.id)).toMatchObject({ isMember: true, membership: { role: "owner" } });
    const listed = await member.rooms.list({ search: room.name });
    expect(listed.rooms.map((r) => r.room.id)).toContain(room.id);
    await member.rooms.join(room.id);
    expect(member.state.room(room.id)?.isMember).toBe(true);
    const members = await owner.rooms.members(room.id);
    expect(members.members.map((m) => m.username).sort()).toEqual(
      [owner.state.me!.username, joiner.user.username].sort(),
    );
    expect(owner.state.members(room.id)).toHaveLength(2);
    const promoted = await owner.rooms.setRole(room.id, joiner.user.id, "moderator");
    expect(promoted.member.role).toBe("moderator");
    await owner.rooms.kick(room.id, joiner.user.id);
    await expect(
      member.messages.send({ target: { type: "room", room_id: room.id }, content: "hi" }),
    ).rejects.toMatchObject({
      code: "not_room_member",
      status: 403,
    });
    await member.rooms.join(room.id);
    await owner.rooms.ban(room.id, joiner.user.id, "spam");
    await expect(member.rooms.join(room.id)).rejects.toMatchObject({ name: "LairError" });
    await owner.rooms.unban(room.id, joiner.user.id);
    await member.rooms.join(room.id);
    const updated = await owner.rooms.update(room.id, { description: "new words" });
    expect(updated.room.settings.description).toBe("new words");
    expect(owner.state.room(room.id)?.room.settings.description).toBe("new words");
  });

  it("sends, pages history by seq, edits, deletes and tracks unread over HTTP", async () => {
    const a = createLairClient({ baseUrl: server.baseUrl });
    const b = createLairClient({ baseUrl: server.baseUrl });
    clients.push(a, b);
    await registerOn(a, "hist");
    await registerOn(b, "hist");
    const { room } = await a.rooms.create({ name: uniqueName("history") });
    await b.rooms.join(room.id);
    const target = { type: "room", room_id: room.id } as const;
    const sent = [];
    for (let i = 0; i < 7; i++)
      sent.push((await a.messages.send({ target, content: `m${i}`, clientMessageId: `cm-${i}` })).message);
    // Idempotency: the same client_message_id returns the original.
    const again = await a.messages.send({ target, content: "m0", clientMessageId: "cm-0" });
    expect(again.message.id).toBe(sent[0]!.id);
    const page = await b.messages.history({ target, afterSeq: sent[2]!.seq!, limit: 2 });
    expect(page.messages.map((m) => m.content)).toEqual(["m3", "m4"]);
    expect(page.has_more).toBe(true);
    await b.loadHistory(target, 3);
    expect(b.state.timeline(`room:${room.id}`).items.map((i) => i.message.content)).toEqual([
      "m4",
      "m5",
      "m6",
    ]);
    await b.loadOlder(target, 3);
    expect(b.state.timeline(`room:${room.id}`).items.map((i) => i.message.content)).toEqual([
      "m1",
      "m2",
      "m3",
      "m4",
      "m5",
      "m6",
    ]);
    const edited = await a.messages.edit(sent[1]!.id, "m1 (edited)");
    expect(edited.message).toMatchObject({ edited: true, content: "m1 (edited)" });
    await expect(b.messages.edit(sent[1]!.id, "nope")).rejects.toMatchObject({ code: "not_message_author" });
    await a.messages.delete(sent[2]!.id);
    await expect(a.messages.delete(sent[2]!.id)).rejects.toMatchObject({ code: "message_not_found" });
    const unread = await b.messages.unread();
    expect(unread.by_room[room.id]).toBe(6);
    const after = await b.messages.markRead(target, sent[4]!.id);
    expect(after.unread_count).toBe(2);
    expect(b.state.unread(`room:${room.id}`)).toBe(2);
  });

  it("invites, lists, accepts and declines invitations", async () => {
    const owner = createLairClient({ baseUrl: server.baseUrl });
    const guest = createLairClient({ baseUrl: server.baseUrl });
    clients.push(owner, guest);
    await registerOn(owner, "inv");
    const g = await registerOn(guest, "inv");
    const { room } = await owner.rooms.create({ name: uniqueName("private"), settings: { public: false } });
    const { invitation } = await owner.invitations.create({
      room_id: room.id,
      user_id: g.user.id,
      message: "come",
    });
    const list = await guest.invitations.list();
    expect(list.invitations.map((i) => i.id)).toContain(invitation.id);
    expect(guest.state.invitations.map((i) => i.id)).toContain(invitation.id);
    await guest.invitations.accept(invitation.id);
    expect(guest.state.room(room.id)?.isMember).toBe(true);
    expect(guest.state.invitations).toEqual([]);
    await expect(guest.invitations.accept(invitation.id)).rejects.toMatchObject({
      code: "invitation_expired",
    });
  });
});

describe.each(["websocket", "tcp", "tcp-compat", "tcp-hardened"] as const)(
  "live chat over %s",
  (transport) => {
    it("delivers messages, edits, deletes, typing and presence to both sides", async () => {
      const { client: a } = track(await proxiedClient(server, transport));
      const { client: b } = track(await proxiedClient(server, transport));
      await registerOn(a, "live");
      const bob = await registerOn(b, "live");
      const { room } = await a.rooms.create({ name: uniqueName("live") });
      await b.rooms.join(room.id);
      await a.connect();
      await b.connect();
      const key = `room:${room.id}`;
      const target = { type: "room", room_id: room.id } as const;
      const receipts = [];
      for (let i = 0; i < 5; i++) receipts.push(await a.send(target, `hello ${i}`));
      for (const receipt of receipts) expect((await receipt.delivered).status).toBe("sent");
      await eventually(() => expect(timelineIds(b, key)).toHaveLength(5));
      expect(timelineIds(b, key)).toEqual(timelineIds(a, key));
      expect(b.state.timeline(key).items.map((i) => i.message.content)).toEqual(
        [0, 1, 2, 3, 4].map((i) => `hello ${i}`),
      );
      expect(b.state.timeline(key).items[0]?.authorUsername).toBe(a.state.me?.username);
      expect(b.state.unread(key)).toBe(5);

      const firstId = timelineIds(a, key)[0]!;
      await a.edit(firstId, "hello 0 (edited)");
      await eventually(() =>
        expect(b.state.timeline(key).items[0]?.message.content).toBe("hello 0 (edited)"),
      );
      await a.delete(timelineIds(a, key)[1]!);
      await eventually(() => expect(timelineIds(b, key)).toHaveLength(4));

      a.typing(target);
      await eventually(() => expect(b.state.typing(key)).toEqual([a.state.me!.id]));
      expect(await b.markRead(target)).toBe(0);
      expect(b.state.unread(key)).toBe(0);

      // DMs, both ways, land in the same conversation key on both sides.
      const dm = await a.send({ type: "dm", recipient: bob.user.id }, "psst");
      expect((await dm.delivered).status).toBe("sent");
      const dmKey = b.conversationKey({ type: "dm", recipient: a.state.me!.id });
      expect(dmKey).toBe(dm.conversation);
      await eventually(() =>
        expect(b.state.timeline(dmKey).items.map((i) => i.message.content)).toEqual(["psst"]),
      );
      const aliceId = a.state.me!.id;
      await b.rooms.members(room.id);
      expect(b.state.members(room.id).find((m) => m.user_id === aliceId)?.is_online).toBe(true);
      a.close();
      await eventually(() => expect(b.state.isOnline(aliceId)).toBe(false));
      expect(b.state.members(room.id).find((m) => m.user_id === aliceId)?.is_online).toBe(false);
    });
  },
);

describe("TCP encryption settings", () => {
  it("refuses a hardened server whose key is not the pinned one, without signing out", async () => {
    const { encodePublicKey, generateServerStaticKey } = await import("@lair-chat/protocol");
    const client = createLairClient({
      baseUrl: server.baseUrl,
      transport: "tcp",
      tcp: {
        host: "127.0.0.1",
        port: server.tcpPort,
        encryption: "hardened",
        serverKey: encodePublicKey(generateServerStaticKey().publicKey),
      },
      reconnect: { minDelay: 10, maxDelay: 20 },
    });
    clients.push(client);
    await registerOn(client, "pinned");
    const signedOut = vi.fn();
    client.on("signedOut", signedOut);
    await expect(client.connect()).rejects.toMatchObject({ code: "handshake_failed" });
    expect(client.connectionState).toBe("disconnected");
    expect(signedOut).not.toHaveBeenCalled();
    expect(client.state.me).toBeDefined();
  });
});
