import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { type RawData, WebSocket, WebSocketServer } from "ws";
import type { LairError } from "../errors/lair-error.ts";
import type { Transport, TransportCloseInfo, TransportEventName, TransportEvents } from "./transport.ts";
import { connectWebSocket, type WebSocketConstructor, WebSocketTransport } from "./websocket-transport.ts";
import { whenOpen } from "./when-open.ts";

function next<E extends TransportEventName>(t: Transport, event: E): Promise<TransportEvents[E]> {
  return new Promise((resolve) => t.once(event, (...args) => resolve(args as TransportEvents[E])));
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A real ws server on an ephemeral port whose connections are wrapped in WebSocketTransport. */
async function startServer(options: { maxPayload?: number } = {}) {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1", ...options });
  await new Promise<void>((resolve) => wss.once("listening", resolve));
  const rawSockets: WebSocket[] = [];
  // Connections not yet taken by nextConnection, and callers waiting for one.
  const ready: WebSocketTransport[] = [];
  const waiting: ((t: WebSocketTransport) => void)[] = [];
  wss.on("connection", (socket) => {
    rawSockets.push(socket);
    const transport = new WebSocketTransport(socket);
    const waiter = waiting.shift();
    if (waiter) waiter(transport);
    else ready.push(transport);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => resolve());
      }),
  );
  const { port } = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    rawSockets,
    nextConnection: () =>
      new Promise<WebSocketTransport>((resolve) => {
        const existing = ready.shift();
        if (existing) resolve(existing);
        else waiting.push(resolve);
      }),
  };
}

describe("WebSocketTransport", () => {
  it("accepts the browser's WebSocket and ws's as constructors (type level)", () => {
    expectTypeOf<typeof globalThis.WebSocket>().toExtend<WebSocketConstructor>();
    expectTypeOf<typeof WebSocket>().toExtend<WebSocketConstructor>();
  });

  it("talks text both ways with the default constructor", async () => {
    const server = await startServer();
    const serverSide = server.nextConnection();
    const client = connectWebSocket(server.url);
    expect(client.readyState).toBe("connecting");
    expect(() => client.send("early")).toThrow(expect.objectContaining({ code: "invalid_state" }));
    await next(client, "open");
    expect(client.readyState).toBe("open");
    const peer = await serverSide;
    // A server-side socket is already open: the transport starts open.
    expect(peer.readyState).toBe("open");

    peer.on("message", (m) => peer.send(`echo:${m}`));
    const reply = next(client, "message");
    client.send('{"type":"ping"}');
    expect(await reply).toEqual(['echo:{"type":"ping"}']);
    expect(typeof client.bufferedAmount).toBe("number");
    expect(peer.bufferedAmount).toBeGreaterThanOrEqual(0);

    const serverClosed = next(peer, "close");
    const clientClosed = next(client, "close");
    client.close(4001, "bye");
    expect(client.readyState).toBe("closing");
    expect(await serverClosed).toEqual([{ code: 4001, reason: "bye", wasClean: true }]);
    expect(await clientClosed).toEqual([{ code: 4001, reason: "bye", wasClean: true }]);
    expect(client.readyState).toBe("closed");
    expect(() => client.send("late")).toThrow(expect.objectContaining({ code: "connection_closed" }));
    client.close(); // idempotent
  });

  it("uses an injected constructor", async () => {
    const server = await startServer();
    const urls: string[] = [];
    class CountingWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        urls.push(url);
      }
    }
    const client = connectWebSocket(server.url, { WebSocket: CountingWebSocket, protocols: ["lair"] });
    await whenOpen(client);
    expect(urls).toEqual([server.url]);
    const peer = await server.nextConnection();
    const got = next(peer, "message");
    client.send("hi");
    expect(await got).toEqual(["hi"]);
    const closed = next(client, "close");
    peer.close(1001, "going away");
    expect(await closed).toEqual([{ code: 1001, reason: "going away", wasClean: true }]);
  });

  it("reports a binary frame as invalid_message and stays open", async () => {
    const server = await startServer();
    const client = connectWebSocket(server.url);
    await whenOpen(client);
    await server.nextConnection();
    const error = next(client, "error");
    server.rawSockets[0]!.send(Buffer.from([1, 2, 3]), { binary: true });
    const [err] = await error;
    expect(err.code).toBe("invalid_message");
    expect(err.details).toMatchObject({ reason: "binary_frame" });
    expect(client.readyState).toBe("open");
    const text = next(client, "message");
    server.rawSockets[0]!.send("still here");
    expect(await text).toEqual(["still here"]);
  });

  it("closes (1007 to the peer) with invalid_message when a peer sends invalid UTF-8 text", async () => {
    const server = await startServer();
    const raw = new WebSocket(server.url);
    await new Promise((resolve) => raw.once("open", resolve));
    const peer = await server.nextConnection();
    const events: string[] = [];
    peer.on("error", (e) => events.push(`error:${e.code}`));
    const closed = next(peer, "close");
    const rawClosed = new Promise((resolve) => raw.once("close", resolve));
    raw.send(Buffer.from([0x22, 0xff, 0x22]), { binary: false });
    const [info] = await closed;
    expect(events).toEqual(["error:invalid_message"]);
    // ws stops reading after the error, so it never sees the echo of its 1007: locally 1006.
    expect(info.wasClean).toBe(false);
    expect(await rawClosed).toBe(1007);
  });

  it("maps an oversized message to frame_too_large", async () => {
    const server = await startServer({ maxPayload: 64 });
    const client = connectWebSocket(server.url);
    await whenOpen(client);
    const peer = await server.nextConnection();
    const error = next(peer, "error");
    const closed = next(client, "close");
    client.send("x".repeat(65));
    expect((await error)[0].code).toBe("frame_too_large");
    expect((await closed)[0].code).toBe(1009);
  });

  it("reports a refused connection as network_error and an unclean close", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const client = connectWebSocket(`ws://127.0.0.1:${port}`);
    const errors: LairError[] = [];
    client.on("error", (e) => errors.push(e));
    const closed = next(client, "close");
    await expect(whenOpen(client)).rejects.toMatchObject({ code: "network_error" });
    const [info] = await closed;
    expect(info.wasClean).toBe(false);
    expect(errors.map((e) => e.code)).toEqual(["network_error"]);
  });

  it("times out a connection whose handshake never completes", async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const sockets: { destroy(): void }[] = [];
    silent.on("connection", (s) => sockets.push(s));
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
    });
    const { port } = silent.address() as { port: number };
    const client = connectWebSocket(`ws://127.0.0.1:${port}`, { connectTimeoutMs: 100 });
    const codes: string[] = [];
    client.on("error", (e) => codes.push(e.code));
    const [info] = await next(client, "close");
    expect(codes).toEqual(["timeout"]);
    expect(info.wasClean).toBe(false);
  });

  it("refuses a socket that is already closed and bad close arguments", async () => {
    const server = await startServer();
    const raw = new WebSocket(server.url);
    await new Promise((resolve) => raw.once("open", resolve));
    const transport = new WebSocketTransport(raw);
    expect(() => transport.close(1005)).toThrow(RangeError);
    expect(() => transport.close(1000, "é".repeat(62))).toThrow(RangeError);
    const closed: Promise<[TransportCloseInfo]> = next(transport, "close");
    transport.close();
    await closed;
    expect(() => new WebSocketTransport(raw)).toThrow(TypeError);
  });

  it("ignores ws's RawData type in messages (compile-time guard)", () => {
    expectTypeOf<TransportEvents["message"]>().toEqualTypeOf<[data: string]>();
    expectTypeOf<RawData>().not.toExtend<string>();
  });
});
