/**
 * TCP encryption end to end (docs/protocol.md#tcp-encryption): the lair-compatible key exchange
 * as a Lair client does it, our `hardened` mode with a pinned server key, and
 * `tcpEncryptionRequired`. The client side is built only from the protocol package's helpers.
 */
import { connect, type Socket } from "node:net";
import {
  compatClientHandshake,
  createHardenedClientHandshake,
  encodeFrame,
  encodePublicKey,
  type FrameCipher,
  FrameDecoder,
  generateServerStaticKey,
} from "@lair-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Msg } from "./realtime-client.ts";
import { type Account, type Harness, startHarness } from "./realtime-harness.ts";

const staticKey = generateServerStaticKey();
let h: Harness;
let alice: Account;
let bob: Account;

beforeAll(async () => {
  h = await startHarness({ hardenedStaticKey: staticKey.privateKey });
  alice = await h.register("alice_enc");
  bob = await h.register("bob_enc");
});
afterAll(() => h.close());

describe("lair-compatible mode", () => {
  it("exchanges keys in plaintext, then carries every frame sealed", async () => {
    const c = await h.tcp();
    const hello = await c.waitForType("server_hello");
    expect(hello.features).toEqual(expect.arrayContaining(["encryption", "hardened"]));
    expect(hello.server_key).toBe(encodePublicKey(staticKey.publicKey));
    c.send({ type: "client_hello", version: "1.1", features: ["encryption"] });
    // Lair: a client that asked for encryption must exchange keys first.
    expect(await c.request("authenticate", { token: alice.token })).toMatchObject({
      type: "error",
      code: "unauthorized",
    });
    const hs = compatClientHandshake();
    c.send({ type: "key_exchange", public_key: hs.publicKey });
    const response = await c.waitForType("key_exchange_response");
    expect(Object.keys(response).sort()).toEqual(["public_key", "type"]);
    c.setCipher(hs.finish(String(response.public_key)));
    expect((await c.request("authenticate", { token: alice.token })).success).toBe(true);

    // Events and replies arrive through the cipher, across transports.
    const room = (await c.request("create_room", { name: "sealed-room" })).room as Msg;
    const bobWs = await h.connect("ws", bob);
    await bobWs.request("join_room", { room_id: room.id });
    await bobWs.request("send_message", {
      target: { type: "room", room_id: room.id },
      content: "over the wire",
    });
    expect(await c.waitForType("message_received")).toMatchObject({ message: { content: "over the wire" } });
  });

  it("puts no plaintext on the wire after the exchange", async () => {
    const raw = await RawTcp.open(h.tcpPort);
    expect((await raw.nextJson()).type).toBe("server_hello");
    raw.sendJson({ type: "client_hello", version: "1.1", features: ["encryption"] });
    const hs = compatClientHandshake();
    raw.sendJson({ type: "key_exchange", public_key: hs.publicKey });
    const response = await raw.nextJson();
    const cipher = hs.finish(String(response.public_key));
    raw.sendSealed(cipher, { type: "ping", request_id: "sealed-ping" });
    const sealed = await raw.nextFrame();
    expect(Buffer.from(sealed).includes("pong")).toBe(false);
    expect(JSON.parse(new TextDecoder().decode(cipher.decrypt(sealed)))).toMatchObject({
      type: "pong",
      request_id: "sealed-ping",
    });
    raw.socket.destroy();
  });

  it("refuses a malformed public key with handshake_failed and stays usable", async () => {
    const c = await h.tcp();
    await c.waitForType("server_hello");
    c.send({ type: "client_hello", version: "1.1", features: ["encryption"] });
    expect(await c.request("key_exchange", { public_key: "not base64!" })).toMatchObject({
      type: "error",
      code: "handshake_failed",
    });
    const hs = compatClientHandshake();
    c.send({ type: "key_exchange", public_key: hs.publicKey });
    c.setCipher(hs.finish(String((await c.waitForType("key_exchange_response")).public_key)));
    expect((await c.request("authenticate", { token: alice.token })).success).toBe(true);
  });
});

describe("hardened mode", () => {
  it("pins the server key and seals both directions", async () => {
    const c = await h.tcp();
    const hello = await c.waitForType("server_hello");
    const hs = createHardenedClientHandshake({ serverStaticPublicKey: String(hello.server_key) });
    c.send({ type: "client_hello", version: "1.1", features: ["hardened", "seq"] });
    c.send({ type: "key_exchange", public_key: hs.publicKey, mode: "hardened" });
    const response = await c.waitForType("key_exchange_response");
    expect(response.mode).toBe("hardened");
    c.setCipher(hs.finish(String(response.public_key), String(response.confirm)));
    expect((await c.request("authenticate", { token: alice.token })).success).toBe(true);
    expect(await c.request("ping")).toMatchObject({ type: "pong" });
  });

  it("fails key confirmation against a server key the client did not pin", async () => {
    const c = await h.tcp();
    await c.waitForType("server_hello");
    const impostor = generateServerStaticKey();
    const hs = createHardenedClientHandshake({ serverStaticPublicKey: impostor.publicKey });
    c.send({ type: "client_hello", version: "1.1", features: ["hardened"] });
    c.send({ type: "key_exchange", public_key: hs.publicKey, mode: "hardened" });
    const response = await c.waitForType("key_exchange_response");
    expect(() => hs.finish(String(response.public_key), String(response.confirm))).toThrow(/confirmation/);
  });

  it("closes a connection whose sealed frame was tampered with", async () => {
    const raw = await RawTcp.open(h.tcpPort);
    const hello = await raw.nextJson();
    const hs = createHardenedClientHandshake({ serverStaticPublicKey: String(hello.server_key) });
    raw.sendJson({ type: "client_hello", version: "1.1", features: ["hardened"] });
    raw.sendJson({ type: "key_exchange", public_key: hs.publicKey, mode: "hardened" });
    const response = await raw.nextJson();
    const cipher = hs.finish(String(response.public_key), String(response.confirm));
    const sealed = cipher.encrypt(new TextEncoder().encode(JSON.stringify({ type: "ping" })));
    sealed[sealed.length - 1]! ^= 1;
    raw.socket.write(encodeFrame(sealed));
    await raw.ended;
  });
});

describe("tcpEncryptionRequired", () => {
  it("refuses to authenticate without a key exchange, and says so in server_hello", async () => {
    const strict = await startHarness({ tcpEncryptionRequired: true });
    try {
      const carol = await strict.register("carol_enc");
      const c = await strict.tcp();
      expect(await c.waitForType("server_hello")).toMatchObject({ encryption_required: true });
      c.send({ type: "client_hello", version: "1.1" });
      expect(await c.request("authenticate", { token: carol.token })).toMatchObject({
        type: "error",
        code: "invalid_state",
      });
      expect(
        await c.request("login", { identifier: "carol_enc", password: "correct horse battery" }),
      ).toMatchObject({
        type: "error",
        code: "invalid_state",
      });
      const hs = compatClientHandshake();
      c.send({ type: "key_exchange", public_key: hs.publicKey });
      c.setCipher(hs.finish(String((await c.waitForType("key_exchange_response")).public_key)));
      expect((await c.request("authenticate", { token: carol.token })).success).toBe(true);
      // WebSocket relies on TLS and is not affected.
      const ws = await strict.ws();
      expect(await ws.waitForType("server_hello")).toMatchObject({ encryption_required: false });
    } finally {
      await strict.close();
    }
  });
});

/** A bare TCP socket speaking frames by hand, to see exactly what crosses the wire. */
class RawTcp {
  readonly #decoder = new FrameDecoder();
  readonly #frames: Uint8Array[] = [];
  readonly #waiters: Array<(f: Uint8Array) => void> = [];
  readonly ended: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk) => {
      for (const frame of this.#decoder.push(chunk).frames) {
        const copy = frame.slice();
        const w = this.#waiters.shift();
        if (w) w(copy);
        else this.#frames.push(copy);
      }
    });
    socket.on("error", () => {});
    this.ended = new Promise((resolve) => socket.on("close", () => resolve()));
  }

  static open(port: number): Promise<RawTcp> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => resolve(new RawTcp(socket)));
      socket.once("error", reject);
    });
  }

  nextFrame(): Promise<Uint8Array> {
    const f = this.#frames.shift();
    return f ? Promise.resolve(f) : new Promise((resolve) => this.#waiters.push(resolve));
  }

  async nextJson(): Promise<Msg> {
    return JSON.parse(new TextDecoder().decode(await this.nextFrame())) as Msg;
  }

  sendJson(value: unknown): void {
    this.socket.write(encodeFrame(JSON.stringify(value)));
  }

  sendSealed(cipher: FrameCipher, value: unknown): void {
    this.socket.write(encodeFrame(cipher.encrypt(new TextEncoder().encode(JSON.stringify(value)))));
  }
}
