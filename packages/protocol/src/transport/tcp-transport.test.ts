import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { rawTcpClient, startTcpServer, transportEvents } from "../../test-support/tcp-harness.ts";
import type { FrameCipher } from "../crypto/frame-cipher.ts";
import { encodeFrame } from "../framing/encode-frame.ts";
import { MAX_FRAME_BYTES } from "../limits.ts";
import { connectTcp, TcpTransport } from "./tcp-transport.ts";
import type { Transport, TransportEventName, TransportEvents } from "./transport.ts";
import { whenOpen } from "./when-open.ts";

function next<E extends TransportEventName>(t: Transport, event: E): Promise<TransportEvents[E]> {
  return new Promise((resolve) => t.once(event, (...args) => resolve(args as TransportEvents[E])));
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const startServer = () => startTcpServer(cleanups);
const rawClient = (port: number) => rawTcpClient(cleanups, port);
const events = transportEvents;

describe("TcpTransport", () => {
  it("connects, exchanges framed messages both ways and closes cleanly", async () => {
    const server = await startServer();
    const client = connectTcp({ host: "127.0.0.1", port: server.port });
    expect(client.readyState).toBe("connecting");
    expect(() => client.send("early")).toThrow(expect.objectContaining({ code: "invalid_state" }));
    const peer = await server.acceptTransport();
    expect(peer.readyState).toBe("open");
    await whenOpen(client);
    peer.on("message", (m) => peer.send(`echo:${m}`));
    const replies: string[] = [];
    client.on("message", (m) => replies.push(m));
    const third = new Promise((resolve) => client.on("message", () => replies.length === 3 && resolve(null)));
    client.send('{"type":"ping"}');
    client.send("");
    client.send("héllo 🦀");
    await third;
    expect(replies).toEqual(['echo:{"type":"ping"}', "echo:", "echo:héllo 🦀"]);
    expect(client.bufferedAmount).toBe(0);

    const peerClosed = next(peer, "close");
    const clientClosed = next(client, "close");
    client.close(4000, "bye");
    expect(client.readyState).toBe("closing");
    // TCP carries no code: the peer sees an orderly close without status.
    expect(await peerClosed).toEqual([{ code: 1005, reason: "", wasClean: true }]);
    expect(await clientClosed).toEqual([{ code: 4000, reason: "bye", wasClean: true }]);
    expect(() => client.send("late")).toThrow(expect.objectContaining({ code: "connection_closed" }));
    expect(() => peer.send("late")).toThrow(expect.objectContaining({ code: "connection_closed" }));
  });

  it("decodes frames coalesced into one write and split one byte per write", async () => {
    const server = await startServer();
    const raw = await rawClient(server.port);
    const peer = await server.acceptTransport();
    const log = events(peer);
    const got = new Promise((resolve) => peer.on("message", (m) => m === "d" && resolve(null)));
    raw.write(Buffer.concat([encodeFrame("a"), encodeFrame("b"), encodeFrame("c")]));
    for (const byte of encodeFrame("d")) raw.write(Uint8Array.of(byte));
    await got;
    expect(log).toEqual(["message:a", "message:b", "message:c", "message:d"]);
  });

  it("closes at once on a header announcing 0xFFFFFFFF, without waiting for data", async () => {
    const server = await startServer();
    const raw = await rawClient(server.port);
    const peer = await server.acceptTransport();
    const log = events(peer);
    const closed = next(peer, "close");
    raw.write(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    await closed;
    expect(log).toEqual(["error:frame_too_large", "close:1009:false"]);
    await new Promise((resolve) => raw.once("close", resolve));
  });

  it("closes on a frame of 1 MiB + 1 and accepts exactly 1 MiB", async () => {
    const server = await startServer();
    const raw = await rawClient(server.port);
    const peer = await server.acceptTransport();
    const log = events(peer);
    const big = new Promise<string>((resolve) => peer.once("message", resolve));
    raw.write(encodeFrame("x".repeat(MAX_FRAME_BYTES)));
    expect((await big).length).toBe(MAX_FRAME_BYTES);
    const closed = next(peer, "close");
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, MAX_FRAME_BYTES + 1);
    raw.write(header);
    await closed;
    expect(log.slice(1)).toEqual(["error:frame_too_large", "close:1009:false"]);
  });

  it("closes with invalid_message on invalid UTF-8 and on a truncated frame", async () => {
    const server = await startServer();
    const a = await rawClient(server.port);
    const peerA = await server.acceptTransport();
    const logA = events(peerA);
    const closedA = next(peerA, "close");
    a.write(encodeFrame(Uint8Array.of(0x7b, 0xff, 0x7d)));
    await closedA;
    expect(logA).toEqual(["error:invalid_message", "close:1007:false"]);

    const b = await rawClient(server.port);
    const peerB = await server.acceptTransport();
    const logB = events(peerB);
    const closedB = next(peerB, "close");
    b.end(Uint8Array.of(0, 0, 0, 10, 0x7b));
    await closedB;
    expect(logB).toEqual(["error:invalid_message", "close:1006:false"]);
  });

  it("refuses to send a message over the cap and stays usable", async () => {
    const server = await startServer();
    const client = connectTcp({ host: "127.0.0.1", port: server.port, maxFrameBytes: 16 });
    const peer = await server.acceptTransport();
    await whenOpen(client);
    expect(() => client.send("x".repeat(17))).toThrow(expect.objectContaining({ code: "frame_too_large" }));
    const got = next(peer, "message");
    client.send("x".repeat(16));
    expect(await got).toEqual(["x".repeat(16)]);
  });

  it("reports a refused connection as network_error and an unclean close", async () => {
    const server = await startServer();
    const port = server.port;
    await cleanups.pop()!();
    const client = connectTcp({ host: "127.0.0.1", port });
    const log = events(client);
    await expect(whenOpen(client)).rejects.toMatchObject({ code: "network_error" });
    expect(log).toEqual(["error:network_error", "close:1006:false"]);
  });

  it("validates its arguments", async () => {
    expect(() => connectTcp({ host: "127.0.0.1", port: 0 })).toThrow(RangeError);
    expect(() => connectTcp({ host: 1 as unknown as string, port: 80 })).toThrow(TypeError);
    expect(() => new TcpTransport({} as Socket)).toThrow(TypeError);
    const server = await startServer();
    const client = connectTcp({ host: "127.0.0.1", port: server.port });
    await whenOpen(client);
    expect(() => client.setCipher({} as FrameCipher)).toThrow(TypeError);
    expect(() => client.close(1006)).toThrow(RangeError);
    client.close();
  });
});
