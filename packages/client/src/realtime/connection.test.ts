import { afterEach, describe, expect, it, vi } from "vitest";
import { ScriptedPeer } from "../../test-support/scripted-peer.ts";
import { resolveLogger } from "../logger.ts";
import { schemaValidator } from "../validation/schema-validator.ts";
import { type ConnectionOptions, RealtimeConnection } from "./connection.ts";

function options(peer: ScriptedPeer, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return {
    opened: peer.opened(),
    getToken: async () => "tok",
    features: ["seq", "idempotency", "resume", "cursor"],
    clientName: "test",
    requestTimeout: 1000,
    connectTimeout: 5000,
    heartbeatInterval: 30_000,
    heartbeatTimeout: 10_000,
    validator: schemaValidator,
    logger: resolveLogger(undefined),
    ...extra,
  };
}

const roomMessage = {
  id: "m1",
  author: "u2",
  target: { type: "room", room_id: "r1" },
  content: "hi",
  edited: false,
  created_at: "2025-01-01T00:00:00Z",
  seq: 1,
};

afterEach(() => {
  vi.useRealTimers();
});

describe("RealtimeConnection", () => {
  it("says hello with our features, authenticates and negotiates", async () => {
    const peer = new ScriptedPeer();
    const pending = RealtimeConnection.establish(options(peer));
    peer.hello(["seq", "resume", "encryption"]);
    const hello = await peer.next("client_hello");
    expect(hello).toMatchObject({
      version: "1.1",
      client_name: "test",
      features: ["seq", "idempotency", "resume", "cursor"],
    });
    const auth = await peer.acceptAuth();
    expect(auth.token).toBe("tok");
    const connection = await pending;
    expect(connection.features).toEqual(["seq", "resume"]);
    expect(connection.user?.username).toBe("alice");
    expect(connection.isOpen).toBe(true);
  });

  it("correlates requests and delivers events", async () => {
    const peer = new ScriptedPeer();
    const pending = RealtimeConnection.establish(options(peer));
    peer.hello();
    await peer.acceptAuth();
    const connection = await pending;
    const events: unknown[] = [];
    connection.on("event", (e) => events.push(e));
    const sent = connection.request("send_message", {
      target: { type: "room", room_id: "r1" },
      content: "hi",
    });
    const request = await peer.next("send_message");
    peer.send({ type: "message_received", message: roomMessage, author_username: "bob" });
    peer.reply(request, { message: { ...roomMessage, author: "u1" } });
    await expect(sent).resolves.toMatchObject({ message: { id: "m1", author: "u1" } });
    expect(events).toMatchObject([{ type: "message_received", author_username: "bob" }]);

    const failing = connection.request("edit_message", { message_id: "m1", content: "x" });
    peer.replyError(await peer.next("edit_message"), "not_message_author");
    await expect(failing).rejects.toMatchObject({ code: "not_message_author" });
  });

  it("rejects with the server's code when authentication fails", async () => {
    const peer = new ScriptedPeer();
    const pending = RealtimeConnection.establish(options(peer));
    peer.hello();
    peer.replyError(await peer.next("authenticate"), "token_expired");
    await expect(pending).rejects.toMatchObject({ code: "token_expired" });
  });

  it("refuses an incompatible server and one that demands encryption it cannot do", async () => {
    const a = new ScriptedPeer();
    const first = RealtimeConnection.establish(options(a));
    a.send({
      type: "server_hello",
      version: "2.0",
      server_name: "x",
      features: [],
      encryption_required: false,
    });
    await expect(first).rejects.toMatchObject({ code: "version_mismatch" });
    const b = new ScriptedPeer();
    const second = RealtimeConnection.establish(options(b));
    b.hello([], { encryption_required: true });
    await expect(second).rejects.toMatchObject({ code: "handshake_failed" });
  });

  it("times out a silent server", async () => {
    vi.useFakeTimers();
    const peer = new ScriptedPeer();
    const pending = RealtimeConnection.establish(options(peer, { connectTimeout: 3000 }));
    const caught = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await caught).toMatchObject({ code: "timeout" });
  });

  it("pings, and closes a connection whose peer went silent", async () => {
    vi.useFakeTimers();
    const peer = new ScriptedPeer();
    const pending = RealtimeConnection.establish(
      options(peer, { heartbeatInterval: 1000, heartbeatTimeout: 500 }),
    );
    peer.hello();
    await peer.acceptAuth();
    const connection = await pending;
    const closed = new Promise((resolve) => connection.on("close", resolve));
    await vi.advanceTimersByTimeAsync(1000);
    const ping = await peer.next("ping");
    expect(ping).toEqual({ type: "ping" });
    peer.send({ type: "pong", server_time: "2025-01-01T00:00:00Z" });
    await vi.advanceTimersByTimeAsync(1400);
    expect(connection.isOpen).toBe(true);
    await vi.advanceTimersByTimeAsync(1500);
    await closed;
    expect(connection.isOpen).toBe(false);
    await expect(connection.request("ping")).rejects.toMatchObject({ code: "connection_closed" });
  });

  // Found by the chaos test: a WebSocket waits for the peer's close frame (TCP for its FIN)
  // before it reports the close, and a ping falling due meanwhile threw from its timer.
  it("stops pinging, without throwing, once its transport is closing", async () => {
    vi.useFakeTimers();
    const goingAway = [
      (c: RealtimeConnection) => c.close(),
      (c: RealtimeConnection) => (c.transport as unknown as { markClosing(): boolean }).markClosing(),
    ];
    for (const goAway of goingAway) {
      const peer = new ScriptedPeer();
      const pending = RealtimeConnection.establish(
        options(peer, { heartbeatInterval: 1000, heartbeatTimeout: 500 }),
      );
      peer.hello();
      await peer.acceptAuth();
      const connection = await pending;
      goAway(connection);
      // Synchronous: the transport's close event (a microtask away here) has not come yet.
      expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
      expect(peer.received.filter((f) => f.type === "ping")).toEqual([]);
    }
  });

  it("fails pending requests when the connection drops", async () => {
    const peer = new ScriptedPeer();
    const pending = RealtimeConnection.establish(options(peer));
    peer.hello();
    await peer.acceptAuth();
    const connection = await pending;
    const request = connection.request("join_room", { room_id: "r1" });
    await peer.next("join_room");
    peer.server.terminate();
    await expect(request).rejects.toMatchObject({ code: "connection_closed" });
  });
});
