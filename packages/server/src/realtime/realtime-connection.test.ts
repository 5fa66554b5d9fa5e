/**
 * The connection state machine against a small fake engine, over the protocol's in-memory
 * transport pair (real sockets are in test/realtime-*.test.ts, against the real engine).
 */
import {
  createMemoryTransportPair,
  LairError,
  type MemoryTransport,
  type Transport,
} from "@lair-chat/protocol";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import type { CallContext, ConnectionHandle, Engine, Principal } from "../engine/engine-api.ts";
import { createSilentLogger } from "../options/logger.ts";
import type { StartOptions } from "./connection-context.ts";
import type { ConnectionLink } from "./connection-link.ts";
import { RealtimeConnection } from "./realtime-connection.ts";
import { RealtimeMetrics } from "./realtime-metrics.ts";
import { type RealtimeOptions, resolveRealtimeOptions } from "./realtime-options.ts";
import { WriteBatch } from "./write-batch.ts";

type Msg = Record<string, unknown>;

const PRINCIPAL: Principal = {
  userId: "u1",
  sessionId: "s1",
  username: "alice",
  role: "user",
  expiresAt: Date.parse("2030-01-01T00:00:00Z"),
};

class FakeEngine implements Engine {
  readonly features = ["seq", "idempotency", "resume", "cursor"];
  readonly attached: ConnectionHandle[] = [];
  readonly calls: Array<{ name: string; input: unknown; ctx: CallContext }> = [];
  onAttach: ((h: ConnectionHandle) => void) | undefined;
  slowMs = 0;

  async verifyToken(token: string): Promise<Principal> {
    if (token === "good") return PRINCIPAL;
    throw new LairError("invalid_token");
  }
  hasCommand(name: string): boolean {
    return ["get_current_user", "send_message", "typing", "logout", "login", "list_rooms"].includes(name);
  }
  async execute(name: string, ctx: CallContext, input: unknown): Promise<unknown> {
    this.calls.push({ name, input, ctx });
    if (this.slowMs > 0) await new Promise((r) => setTimeout(r, this.slowMs));
    switch (name) {
      case "get_current_user":
        return { user: { id: ctx.principal?.userId, username: ctx.principal?.username } };
      case "login":
        return {
          user: { id: "u1" },
          session: { id: "s1", expires_at: "2030-01-01T00:00:00.000Z" },
          token: "good",
        };
      case "send_message":
        return { message: { id: "m1", content: (input as Msg).content } };
      case "list_rooms":
        throw new LairError("room_not_found");
      default:
        return { success: true };
    }
  }
  async attachConnection(h: ConnectionHandle): Promise<void> {
    this.attached.push(h);
    this.onAttach?.(h);
  }
  detachConnection(h: ConnectionHandle): void {
    const i = this.attached.indexOf(h);
    if (i >= 0) this.attached.splice(i, 1);
  }
  async resume(h: ConnectionHandle, since: Record<string, number>) {
    h.send(JSON.stringify({ type: "message_received", seq: (since["room:r1"] ?? 0) + 1 }));
    return { "room:r1": { recovered: true, lastSeq: 7 } };
  }
}

interface Peer {
  next(): Promise<Msg>;
  send(value: unknown): void;
  sendRaw(text: string): void;
  closed: Promise<unknown>;
  transport: Transport;
}

function peer(t: MemoryTransport): Peer {
  const inbox: Msg[] = [];
  const waiters: Array<(m: Msg) => void> = [];
  t.on("message", (data) => {
    const m = JSON.parse(data) as Msg;
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  const closed = new Promise((resolve) => t.on("close", resolve));
  return {
    next: () => (inbox.length > 0 ? Promise.resolve(inbox.shift()!) : new Promise((r) => waiters.push(r))),
    send: (value) => t.send(JSON.stringify(value)),
    sendRaw: (text) => t.send(text),
    closed,
    transport: t,
  };
}

const open: RealtimeConnection[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close("server_shutting_down", "test over");
});

function setup(
  opts: {
    options?: RealtimeOptions;
    kind?: "websocket" | "tcp";
    start?: StartOptions;
    link?: Pick<ConnectionLink, "cork" | "uncork">;
    writeBatch?: WriteBatch;
  } = {},
) {
  const engine = new FakeEngine();
  const [server, client] = createMemoryTransportPair();
  const closedCalls: RealtimeConnection[] = [];
  const connection = new RealtimeConnection(
    {
      kind: opts.kind ?? "websocket",
      transport: server,
      address: "10.0.0.1",
      userAgent: null,
      terminate: () => server.terminate(),
      ...opts.link,
    },
    {
      engine,
      options: resolveRealtimeOptions(opts.options),
      logger: createSilentLogger(),
      metrics: new RealtimeMetrics(new Registry()),
      serverKey: undefined,
      writeBatch: opts.writeBatch,
      onClosed: (c) => closedCalls.push(c),
    },
  );
  const p = peer(client);
  open.push(connection);
  connection.start(opts.start);
  return { engine, connection, peer: p, closedCalls };
}

async function ready(p: Peer, features: string[] = []) {
  expect(await p.next()).toMatchObject({ type: "server_hello" });
  p.send({ type: "client_hello", version: "1.1", features });
  p.send({ type: "authenticate", request_id: "auth", token: "good" });
  expect(await p.next()).toMatchObject({ type: "authenticate_response", success: true });
}

describe("handshake", () => {
  it("opens with server_hello; WebSocket offers no encryption", async () => {
    const { peer: p } = setup({ options: { serverName: "Test Lair" } });
    expect(await p.next()).toEqual({
      type: "server_hello",
      version: "1.1",
      server_name: "Test Lair",
      features: ["seq", "idempotency", "resume", "cursor"],
      encryption_required: false,
    });
  });

  it("offers encryption on TCP and says when it is required", async () => {
    const { peer: p } = setup({ kind: "tcp", options: { tcpEncryptionRequired: true } });
    expect(await p.next()).toMatchObject({
      features: ["encryption", "seq", "idempotency", "resume", "cursor"],
      encryption_required: true,
    });
  });

  it("answers ping in every state, echoing request_id", async () => {
    const { peer: p } = setup();
    await p.next();
    p.send({ type: "ping", request_id: "p1" });
    const pong = await p.next();
    expect(pong).toMatchObject({ type: "pong", request_id: "p1" });
    expect(Number.isNaN(Date.parse(String(pong.server_time)))).toBe(false);
  });

  it("refuses commands before client_hello and stays usable", async () => {
    const { peer: p } = setup();
    await p.next();
    p.send({ type: "send_message", request_id: "r1", target: { type: "room", room_id: "r" }, content: "x" });
    expect(await p.next()).toMatchObject({ type: "error", code: "unauthorized", request_id: "r1" });
    p.send({ type: "authenticate", token: "good" });
    expect(await p.next()).toMatchObject({ type: "error", code: "unauthorized" });
    p.send({ type: "ping" });
    expect(await p.next()).toMatchObject({ type: "pong" });
  });

  it("closes on a version other than 1.x", async () => {
    const { peer: p, closedCalls } = setup();
    await p.next();
    p.send({ type: "client_hello", version: "2.0" });
    expect(await p.next()).toMatchObject({ type: "error", code: "version_mismatch" });
    await p.closed;
    expect(closedCalls).toHaveLength(1);
  });

  it.each(["1.0", "1.1", "1.9"])("accepts version %s", async (version) => {
    const { peer: p } = setup();
    await p.next();
    p.send({ type: "client_hello", version });
    p.send({ type: "authenticate", request_id: "a", token: "good" });
    expect(await p.next()).toMatchObject({ type: "authenticate_response", request_id: "a", success: true });
  });

  it("negotiates the intersection of features", async () => {
    const { peer: p, engine } = setup();
    await ready(p, ["seq", "bogus", "hardened", "encryption", "resume"]);
    expect([...engine.attached[0]!.features]).toEqual(["seq", "resume"]);
  });

  it("refuses key_exchange over WebSocket", async () => {
    const { peer: p } = setup();
    await p.next();
    p.send({ type: "client_hello", version: "1.1", features: ["encryption"] });
    p.send({ type: "key_exchange", public_key: "AAAA" });
    expect(await p.next()).toMatchObject({ type: "error", code: "invalid_state" });
  });
});

describe("authentication", () => {
  it("sends user and session and attaches the connection", async () => {
    const { peer: p, engine } = setup();
    await p.next();
    p.send({ type: "client_hello", version: "1.1" });
    p.send({ type: "authenticate", request_id: "a1", token: "good" });
    expect(await p.next()).toEqual({
      type: "authenticate_response",
      request_id: "a1",
      success: true,
      user: { id: "u1", username: "alice" },
      session: { id: "s1", expires_at: "2030-01-01T00:00:00.000Z" },
    });
    expect(engine.attached).toHaveLength(1);
  });

  it("answers a bad token with a failed response and lets the client retry", async () => {
    const { peer: p } = setup();
    await p.next();
    p.send({ type: "client_hello", version: "1.1" });
    p.send({ type: "authenticate", request_id: "a1", token: "bad" });
    expect(await p.next()).toMatchObject({
      type: "authenticate_response",
      request_id: "a1",
      success: false,
      error: { code: "invalid_token" },
    });
    p.send({ type: "send_message", request_id: "r", target: { type: "room", room_id: "r" }, content: "x" });
    expect(await p.next()).toMatchObject({ type: "error", code: "unauthorized", request_id: "r" });
    p.send({ type: "authenticate", token: "good" });
    expect(await p.next()).toMatchObject({ type: "authenticate_response", request_id: null, success: true });
  });

  it("pre-authenticates: server_hello, then authenticate_response; a later hello negotiates features", async () => {
    const { peer: p, engine } = setup({ start: { preauth: async () => PRINCIPAL } });
    expect(await p.next()).toMatchObject({ type: "server_hello" });
    expect(await p.next()).toMatchObject({
      type: "authenticate_response",
      success: true,
      session: { id: "s1" },
    });
    p.send({ type: "client_hello", version: "1.1", features: ["seq"] });
    p.send({ type: "client_hello", version: "1.1", features: ["seq"] });
    expect(await p.next()).toMatchObject({ type: "error", code: "invalid_state" });
    expect([...engine.attached[0]!.features]).toEqual(["seq"]);
  });

  it("a failed pre-authentication leaves the normal handshake open", async () => {
    const { peer: p } = setup({ start: { preauth: () => Promise.reject(new LairError("token_expired")) } });
    await p.next();
    expect(await p.next()).toMatchObject({
      type: "authenticate_response",
      success: false,
      error: { code: "token_expired" },
    });
    p.send({ type: "authenticate", token: "good" });
    expect(await p.next()).toMatchObject({ type: "error", code: "unauthorized" });
    p.send({ type: "client_hello", version: "1.1" });
    p.send({ type: "authenticate", token: "good" });
    expect(await p.next()).toMatchObject({ type: "authenticate_response", success: true });
  });

  it("authenticates through the deprecated login", async () => {
    const { peer: p, engine } = setup();
    await p.next();
    p.send({ type: "client_hello", version: "1.1" });
    p.send({ type: "login", request_id: "l", identifier: "alice", password: "password123" });
    expect(await p.next()).toMatchObject({
      type: "login_response",
      request_id: "l",
      success: true,
      token: "good",
    });
    expect(engine.calls[0]).toMatchObject({
      name: "login",
      input: { identifier: "alice", password: "password123" },
    });
    expect(engine.attached).toHaveLength(1);
    p.send({ type: "login", identifier: "alice", password: "password123" });
    expect(await p.next()).toMatchObject({ type: "error", code: "invalid_state" });
  });

  it("delivers events sent during attach after the authenticate_response", async () => {
    const { peer: p, engine } = setup();
    engine.onAttach = (h) => h.send(JSON.stringify({ type: "user_online", user_id: "u2" }));
    await ready(p);
    expect(await p.next()).toMatchObject({ type: "user_online" });
  });
});

describe("commands", () => {
  it("runs the engine command and echoes request_id", async () => {
    const { peer: p, engine } = setup();
    await ready(p);
    p.send({
      type: "send_message",
      request_id: "r9",
      target: { type: "room", room_id: "r1" },
      content: "hi",
    });
    expect(await p.next()).toEqual({
      type: "send_message_response",
      request_id: "r9",
      success: true,
      message: { id: "m1", content: "hi" },
    });
    const call = engine.calls.find((c) => c.name === "send_message")!;
    expect(call.input).toEqual({ target: { type: "room", room_id: "r1" }, content: "hi" });
    expect(call.ctx).toMatchObject({
      transport: "websocket",
      clientAddress: "10.0.0.1",
      principal: PRINCIPAL,
    });
    expect(call.ctx.connection?.id).toBe(engine.attached[0]!.id);
  });

  it("turns engine errors into <type>_response with error", async () => {
    const { peer: p } = setup();
    await ready(p);
    p.send({ type: "list_rooms", request_id: "l" });
    expect(await p.next()).toEqual({
      type: "list_rooms_response",
      request_id: "l",
      success: false,
      error: { code: "room_not_found", message: "Room not found" },
    });
  });

  it("answers invalid fields with a failed response and bad frames with error", async () => {
    const { peer: p } = setup();
    await ready(p);
    p.send({ type: "send_message", request_id: "v", target: { type: "room" }, content: 5 });
    expect(await p.next()).toMatchObject({ type: "send_message_response", request_id: "v", success: false });
    p.sendRaw("{nope");
    expect(await p.next()).toMatchObject({ type: "error", code: "invalid_message" });
    p.send({ type: "warp_drive", request_id: "w" });
    expect(await p.next()).toMatchObject({ type: "error", code: "unknown_message_type", request_id: "w" });
    p.send([1, 2]);
    expect(await p.next()).toMatchObject({ type: "error", code: "invalid_message" });
    p.send({ type: "ping" });
    expect(await p.next()).toMatchObject({ type: "pong" });
  });

  it("sends nothing for typing", async () => {
    const { peer: p, engine } = setup();
    await ready(p);
    p.send({ type: "typing", target: { type: "room", room_id: "r1" } });
    p.send({ type: "ping" });
    expect(await p.next()).toMatchObject({ type: "pong" });
    expect(engine.calls.some((c) => c.name === "typing")).toBe(true);
  });

  it("handles requests one at a time, in order", async () => {
    const { peer: p, engine } = setup();
    await ready(p);
    engine.slowMs = 30;
    p.send({ type: "send_message", request_id: "1", target: { type: "room", room_id: "r1" }, content: "a" });
    p.send({ type: "ping", request_id: "2" });
    p.send({ type: "send_message", request_id: "3", target: { type: "room", room_id: "r1" }, content: "b" });
    const ids = [(await p.next()).request_id, (await p.next()).request_id, (await p.next()).request_id];
    expect(ids).toEqual(["1", "2", "3"]);
  });

  it("refuses requests past maxPendingRequests with rate_limited", async () => {
    const { peer: p, engine } = setup({ options: { maxPendingRequests: 2 } });
    await ready(p);
    p.send({ type: "ping" });
    await p.next();
    engine.slowMs = 30;
    p.send({
      type: "send_message",
      request_id: "first",
      target: { type: "room", room_id: "r1" },
      content: "a",
    });
    for (let i = 0; i < 5; i++) p.send({ type: "ping", request_id: `p${i}` });
    const seen: Msg[] = [];
    for (let i = 0; i < 6; i++) seen.push(await p.next());
    expect(seen.filter((m) => m.code === "rate_limited").map((m) => m.request_id)).toEqual([
      "p2",
      "p3",
      "p4",
    ]);
    expect(seen.filter((m) => m.type === "pong").map((m) => m.request_id)).toEqual(["p0", "p1"]);
  });

  it("logout answers, then closes", async () => {
    const { peer: p, engine } = setup();
    await ready(p);
    p.send({ type: "logout", request_id: "bye" });
    expect(await p.next()).toEqual({ type: "logout_response", request_id: "bye", success: true });
    await p.closed;
    expect(engine.attached).toHaveLength(0);
  });

  it("resume replays, then answers per conversation", async () => {
    const { peer: p } = setup();
    await ready(p, ["resume", "seq"]);
    p.send({ type: "resume", request_id: "r", since: { "room:r1": 3 } });
    expect(await p.next()).toEqual({ type: "message_received", seq: 4 });
    expect(await p.next()).toEqual({
      type: "resume_response",
      request_id: "r",
      success: true,
      results: { "room:r1": { recovered: true, last_seq: 7 } },
    });
  });

  it("resume needs the extension", async () => {
    const { peer: p } = setup();
    await ready(p);
    p.send({ type: "resume", request_id: "r", since: {} });
    expect(await p.next()).toMatchObject({
      type: "resume_response",
      success: false,
      error: { code: "invalid_state" },
    });
  });
});

describe("closing", () => {
  it("an engine close tells the peer why, then closes and detaches", async () => {
    const { peer: p, engine, closedCalls } = setup();
    await ready(p);
    engine.attached[0]!.close("session_not_found", "Session was revoked");
    expect(await p.next()).toEqual({
      type: "error",
      code: "session_not_found",
      message: "Session was revoked",
    });
    await p.closed;
    expect(engine.attached).toHaveLength(0);
    expect(closedCalls).toHaveLength(1);
  });

  it.each([
    ["handshake", { handshakeTimeoutMs: 30 }, 0],
    ["auth", { authTimeoutMs: 30 }, 1],
    ["idle", { idleTimeoutMs: 60 }, 2],
  ] as const)("times out in %s", async (phase, options, steps) => {
    const { peer: p } = setup({ options });
    await p.next();
    if (steps >= 1) p.send({ type: "client_hello", version: "1.1" });
    if (steps >= 2) p.send({ type: "authenticate", token: "good" });
    if (steps >= 2) await p.next();
    const m = await p.next();
    expect(m).toMatchObject({ type: "error", code: "timeout" });
    expect(String(m.message)).toContain(phase);
    await p.closed;
  });

  it("frames keep the idle deadline away", async () => {
    const { peer: p } = setup({ options: { idleTimeoutMs: 80 } });
    await ready(p);
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 40));
      p.send({ type: "ping" });
      expect(await p.next()).toMatchObject({ type: "pong" });
    }
  });
});

describe("write coalescing", () => {
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

  function corkable() {
    const log: string[] = [];
    const writeBatch = new WriteBatch((error) => log.push(`error ${String(error)}`));
    const link = { cork: () => log.push("cork"), uncork: () => log.push("uncork") };
    return { log, writeBatch, link };
  }

  it("corks once per turn however many frames go out, and uncorks at the end of the turn", async () => {
    const { log, writeBatch, link } = corkable();
    const { peer: p, engine } = setup({ link, writeBatch });
    await ready(p);
    await nextTurn();
    log.length = 0;
    const handle = engine.attached[0]!;
    for (let i = 0; i < 5; i++) handle.send(JSON.stringify({ type: "message_received", n: i }));
    expect(log).toEqual(["cork"]);
    await nextTurn();
    expect(log).toEqual(["cork", "uncork"]);
    for (let i = 0; i < 5; i++) expect(await p.next()).toMatchObject({ n: i });
    handle.send(JSON.stringify({ type: "message_received", n: 5 }));
    expect(log).toEqual(["cork", "uncork", "cork"]);
    await nextTurn();
    expect(log).toEqual(["cork", "uncork", "cork", "uncork"]);
  });

  it("checks the outbound cap when the turn's writes are flushed, not while they are held", async () => {
    const { writeBatch, link } = corkable();
    let queued = 0;
    const corkAware = {
      cork: link.cork,
      uncork: () => {
        link.uncork();
        queued = 10_000;
      },
    };
    const {
      peer: p,
      engine,
      connection,
    } = setup({
      link: corkAware,
      writeBatch,
      options: { maxOutboundBytes: 5_000 },
    });
    Object.defineProperty(connection.link.transport, "bufferedAmount", { get: () => queued });
    await ready(p);
    engine.attached[0]!.send(JSON.stringify({ type: "message_received" }));
    expect(connection.state).toBe("ready");
    await nextTurn();
    expect(["closing", "closed"]).toContain(connection.state);
    const seen: Msg[] = [];
    for (;;) {
      const m = await p.next();
      seen.push(m);
      if (m.type === "error") break;
    }
    expect(seen.at(-1)).toMatchObject({ type: "error", code: "slow_consumer" });
  });

  it("without a batch, every frame is written at once", async () => {
    const { log, link } = corkable();
    const { peer: p, engine } = setup({ link });
    await ready(p);
    engine.attached[0]!.send(JSON.stringify({ type: "message_received" }));
    expect(log).toEqual([]);
    expect(await p.next()).toMatchObject({ type: "message_received" });
  });
});
