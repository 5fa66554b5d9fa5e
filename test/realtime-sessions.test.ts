/**
 * Connections over time: `resume` after a disconnect, session revocation closing live sockets
 * of every transport, the host's authenticate hook on the upgrade, and shutdown.
 */
import { connectWebSocket } from "@lair-chat/protocol";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Msg, TestClient } from "./realtime-client.ts";
import { type Harness, startHarness, within } from "./realtime-harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const byType = (type: string) => (m: Msg) => m.type === type;

describe("resume", () => {
  it("replays what a disconnected client missed, in order, then reports per conversation", async () => {
    h = await startHarness();
    const [alice, bob] = await Promise.all([h.register("alice_rs"), h.register("bob_rs")]);
    const a1 = await h.connect("ws", alice, ["seq", "resume"]);
    const b = await h.connect("tcp", bob);
    const room = (await a1.request("create_room", { name: "resume-room" })).room as Msg;
    const key = `room:${room.id}`;
    await b.request("join_room", { room_id: room.id });
    const target = { type: "room", room_id: room.id };
    await b.request("send_message", { target, content: "one" });
    const seen = await a1.waitFor(
      (m) => m.type === "message_received" && (m.message as Msg).content === "one",
    );
    const lastSeen = seen.seq as number;
    expect(lastSeen).toBeGreaterThan(0);
    a1.close();
    await a1.closed;

    const two = (await b.request("send_message", { target, content: "two" })).message as Msg;
    await b.request("send_message", { target, content: "three" });
    await b.request("edit_message", { message_id: two.id, content: "two, edited" });
    await b.request("delete_message", { message_id: two.id });

    const a2 = await h.connect("tcp", alice, ["seq", "resume"]);
    const res = await a2.request("resume", { since: { [key]: lastSeen } });
    expect(res).toMatchObject({
      type: "resume_response",
      success: true,
      results: { [key]: { recovered: true } },
    });
    const replay = a2.received.filter((m) => m.type?.toString().startsWith("message_"));
    expect(replay.map((m) => m.type)).toEqual([
      "message_received",
      "message_received",
      "message_edited",
      "message_deleted",
    ]);
    const seqs = replay.map((m) => m.seq as number);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(seqs[0]).toBe(lastSeen + 1);
    expect((res.results as Record<string, Msg>)[key]!.last_seq).toBe(seqs.at(-1));
  });

  it("refuses resume when the client did not ask for the extension", async () => {
    h = await startHarness();
    const c = await h.connect("ws", await h.register("plain_rs"));
    expect(await c.request("resume", { since: {} })).toMatchObject({
      success: false,
      error: { code: "invalid_state" },
    });
  });
});

describe("revocation", () => {
  it("logout over HTTP closes that session's WebSocket and TCP connections, and only those", async () => {
    h = await startHarness();
    await h.register("carol_rv");
    const session = await h.login("carol_rv");
    const other = await h.login("carol_rv");
    const ws = await h.connect("ws", session);
    const tcp = await h.connect("tcp", session);
    const keep = await h.connect("ws", other);

    const logout = await h.api("POST", "/api/v1/auth/logout", session.token);
    expect(logout.status).toBe(200);
    const closes = await within(1000, Promise.all([ws.closed, tcp.closed]), "close of the revoked sockets");
    expect(closes).toHaveLength(2);
    for (const c of [ws, tcp]) {
      expect(c.received.at(-1)).toMatchObject({ type: "error", code: "session_not_found" });
    }
    expect(await keep.request("ping")).toMatchObject({ type: "pong" });

    // The token is dead everywhere, including a fresh socket.
    const again = await h.tcp();
    await again.waitForType("server_hello");
    again.send({ type: "client_hello", version: "1.1" });
    expect(await again.request("authenticate", { token: session.token })).toMatchObject({ success: false });
  });

  it("an admin ban closes every connection of the user", async () => {
    h = await startHarness({
      admin: { username: "boss_rv", password: "correct horse battery", email: "boss@example.com" },
    });
    const dave = await h.register("dave_rv");
    const sockets = [await h.connect("ws", dave), await h.connect("tcp", dave)];
    const admin = await h.login("boss_rv");
    expect((await h.api("POST", `/api/v1/admin/users/${dave.user.id}/ban`, admin.token, {})).status).toBe(
      200,
    );
    await within(1000, Promise.all(sockets.map((s) => s.closed)), "close of the banned user's sockets");
    for (const s of sockets)
      expect(s.received.at(-1)).toMatchObject({ type: "error", code: "account_banned" });
  });

  it("logout over the socket answers, then closes", async () => {
    h = await startHarness();
    const erin = await h.register("erin_rv");
    const c = await h.connect("tcp", erin);
    expect(await c.request("logout")).toMatchObject({ type: "logout_response", success: true });
    await c.closed;
    expect((await h.api("GET", "/api/v1/users/me", erin.token)).status).toBe(401);
  });
});

describe("host authenticate hook", () => {
  it("pre-authenticates an upgrade the host recognises", async () => {
    h = await startHarness({
      authenticate: async (req) =>
        req.headers["x-host-user"] === "frank"
          ? { username: "frank_host", email: "frank@example.com" }
          : null,
    });
    class WithHeader extends WebSocket {
      constructor(url: string) {
        super(url, { headers: { "x-host-user": "frank" } });
      }
    }
    const c = new TestClient(connectWebSocket(h.wsUrl, { WebSocket: WithHeader as never }));
    await c.waitForType("server_hello");
    expect(await c.waitForType("authenticate_response")).toMatchObject({
      success: true,
      user: { username: "frank_host" },
    });
    const stranger = await h.ws();
    await stranger.waitForType("server_hello");
    stranger.send({ type: "ping", request_id: "after-hello" });
    await stranger.waitFor((m) => m.request_id === "after-hello");
    expect(stranger.received.some(byType("authenticate_response"))).toBe(false);
  });
});

describe("shutdown", () => {
  it("close() tells every connection server_shutting_down, then closes it", async () => {
    const harness = await startHarness();
    const gina = await harness.register("gina_sd");
    const clients = [
      await harness.connect("ws", gina),
      await harness.connect("tcp", gina),
      await harness.ws(),
    ];
    await clients[2]!.waitForType("server_hello");
    await harness.lair.close();
    for (const c of clients) {
      await c.closed;
      expect(c.received.at(-1)).toMatchObject({ type: "error", code: "server_shutting_down" });
    }
    await harness.close();
  });
});
