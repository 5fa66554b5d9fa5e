import { afterEach, describe, expect, it } from "vitest";
import { rawTcpClient, startTcpServer, transportEvents } from "../../test-support/tcp-harness.ts";
import type { FrameCipher } from "../crypto/frame-cipher.ts";
import { LairError } from "../errors/lair-error.ts";
import { encodeFrame } from "../framing/encode-frame.ts";
import { connectTcp, TcpTransport } from "./tcp-transport.ts";
import type { Transport, TransportEventName, TransportEvents } from "./transport.ts";
import { whenOpen } from "./when-open.ts";

function next<E extends TransportEventName>(t: Transport, event: E): Promise<TransportEvents[E]> {
  return new Promise((resolve) => t.once(event, (...args) => resolve(args as TransportEvents[E])));
}

/**
 * Test-only FrameCipher, no cryptography: adds `key` to every byte, prefixes a 4-byte counter
 * and appends a 1-byte sum, so tampering, replay and a wrong key are all detected.
 */
class TestCipher implements FrameCipher {
  readonly mode = "compat" as const;
  destroyed = false;
  #sent = 0;
  #received = 0;
  constructor(readonly key: number) {}
  encrypt(plaintext: Uint8Array): Uint8Array {
    const out = new Uint8Array(plaintext.length + 5);
    new DataView(out.buffer).setUint32(0, this.#sent++);
    let sum = 0;
    plaintext.forEach((b, i) => {
      out[i + 4] = (b + this.key) & 0xff;
      sum = (sum + b) & 0xff;
    });
    out[out.length - 1] = sum;
    return out;
  }
  decrypt(sealed: Uint8Array): Uint8Array {
    if (sealed.length < 5) throw new LairError("decrypt_failed");
    const counter = new DataView(sealed.buffer, sealed.byteOffset).getUint32(0);
    if (counter !== this.#received) throw new LairError("replay_detected");
    const plain = sealed.slice(4, -1).map((b) => (b - this.key) & 0xff);
    if (plain.reduce((s, b) => (s + b) & 0xff, 0) !== sealed[sealed.length - 1]) {
      throw new LairError("decrypt_failed");
    }
    this.#received++;
    return plain;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const startServer = () => startTcpServer(cleanups);
const rawClient = (port: number) => rawTcpClient(cleanups, port);
const events = transportEvents;

describe("TcpTransport with a FrameCipher", () => {
  it("switches to encryption right after a plaintext key-exchange response", async () => {
    const server = await startServer();
    const client = connectTcp({ host: "127.0.0.1", port: server.port });
    const rawServerSocket = await server.accept();
    const wire: Buffer[] = [];
    rawServerSocket.on("data", (chunk: Buffer) => wire.push(chunk));
    const peer = new TcpTransport(rawServerSocket);
    const serverCipher = new TestCipher(7);
    const clientCipher = new TestCipher(7);
    peer.on("message", (m) => {
      if (m === "key_exchange") {
        // Response in plaintext, then two encrypted frames, likely all in one TCP segment.
        peer.sendThenSetCipher("key_exchange_response", serverCipher);
        peer.send("secret-1");
        peer.send("secret-2");
      } else peer.send(`echo:${m}`);
    });
    const received: string[] = [];
    const done = new Promise((resolve) =>
      client.on("message", (m) => {
        received.push(m);
        if (m === "key_exchange_response") client.setCipher(clientCipher);
        if (m === "echo:hidden") resolve(null);
      }),
    );
    await whenOpen(client);
    client.send("key_exchange");
    await new Promise((resolve) => client.on("message", (m) => m === "secret-2" && resolve(null)));
    client.send("hidden");
    await done;
    expect(received).toEqual(["key_exchange_response", "secret-1", "secret-2", "echo:hidden"]);
    expect(Buffer.concat(wire).includes("key_exchange")).toBe(true);
    expect(Buffer.concat(wire).includes("hidden")).toBe(false);
    expect(peer.cipher).toBe(serverCipher);

    const closed = next(client, "close");
    client.close();
    await closed;
    expect(clientCipher.destroyed).toBe(true);
  });

  it("closes with the cipher's error when a frame does not decrypt", async () => {
    const server = await startServer();
    const raw = await rawClient(server.port);
    const peer = await server.acceptTransport();
    const cipher = new TestCipher(3);
    peer.setCipher(cipher);
    const sealer = new TestCipher(3);
    const log = events(peer);
    raw.write(encodeFrame(sealer.encrypt(new TextEncoder().encode("ok"))));
    const tampered = sealer.encrypt(new TextEncoder().encode("evil"));
    tampered[5]! ^= 1;
    const closed = next(peer, "close");
    raw.write(encodeFrame(tampered));
    await closed;
    expect(log).toEqual(["message:ok", "error:decrypt_failed", "close:1002:false"]);
    expect(cipher.destroyed).toBe(true);
  });

  it("rejects a replayed encrypted frame", async () => {
    const server = await startServer();
    const raw = await rawClient(server.port);
    const peer = await server.acceptTransport();
    peer.setCipher(new TestCipher(1));
    const log = events(peer);
    const frame = encodeFrame(new TestCipher(1).encrypt(new TextEncoder().encode("once")));
    const closed = next(peer, "close");
    raw.write(Buffer.concat([frame, frame]));
    await closed;
    expect(log).toEqual(["message:once", "error:replay_detected", "close:1002:false"]);
  });

  it("refuses a message whose sealed form would exceed the cap", async () => {
    const server = await startServer();
    const client = connectTcp({ host: "127.0.0.1", port: server.port, maxFrameBytes: 20 });
    const peer = await server.acceptTransport();
    await whenOpen(client);
    // With a declared overhead: refused before sealing, the connection stays usable.
    client.setCipher(Object.assign(new TestCipher(2), { overhead: 5 }));
    peer.setCipher(new TestCipher(2));
    expect(() => client.send("x".repeat(16))).toThrow(expect.objectContaining({ code: "frame_too_large" }));
    const got = next(peer, "message");
    client.send("x".repeat(15));
    expect(await got).toEqual(["x".repeat(15)]);
    // Without one: the cipher has advanced, so the connection is dropped.
    client.setCipher(new TestCipher(2));
    const log = events(client);
    const closed = next(client, "close");
    expect(() => client.send("x".repeat(16))).toThrow(expect.objectContaining({ code: "frame_too_large" }));
    await closed;
    expect(log).toEqual(["error:frame_too_large", "close:1009:false"]);
  });
});
