import { gcm } from "@noble/ciphers/aes.js";
import { bytesToUtf8 } from "@noble/ciphers/utils.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { isLairError, type LairError } from "../errors/index.ts";
import { encodeBase64 } from "./base64.ts";
import type { FrameCipher } from "./frame-cipher.ts";
import {
  createHardenedClientHandshake,
  generateServerStaticKey,
  hardenedServerRespond,
} from "./hardened-handshake.ts";
import { decodePublicKey, encodePublicKey } from "./x25519-key-pair.ts";

const text = (s: string) => utf8ToBytes(s);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isLairError(error) ? (error as LairError).code : `not a LairError: ${String(error)}`;
  }
};

/** The key schedule written out from docs/protocol.md, independently of the implementation. */
function specKeys(es: Uint8Array, ee: Uint8Array, s: Uint8Array, ec: Uint8Array, eS: Uint8Array) {
  const label = text("lair-chat hardened v1: X25519, HKDF-SHA256, AES-256-GCM");
  const h = sha256(concatBytes(label, s, ec, eS));
  const okm = hkdf(sha256, concatBytes(es, ee), h, label, 96);
  return {
    c2s: okm.slice(0, 32),
    s2c: okm.slice(32, 64),
    confirm: encodeBase64(hmac(sha256, okm.slice(64), h)),
  };
}
const sealFrame = (key: Uint8Array, counter: number, plaintext: Uint8Array) => {
  const header = new Uint8Array(8);
  new DataView(header.buffer).setUint32(4, counter);
  const nonce = new Uint8Array(12);
  nonce.set(header, 4);
  return concatBytes(header, gcm(key, nonce, header).encrypt(plaintext));
};
const openFrame = (key: Uint8Array, frame: Uint8Array) => {
  const nonce = new Uint8Array(12);
  nonce.set(frame.subarray(0, 8), 4);
  return bytesToUtf8(gcm(key, nonce, frame.subarray(0, 8)).decrypt(frame.subarray(8)));
};

function handshake(rekeyInterval?: number): { client: FrameCipher; server: FrameCipher } {
  const serverStatic = generateServerStaticKey();
  const extra = rekeyInterval === undefined ? {} : { rekeyInterval };
  const hs = createHardenedClientHandshake({ serverStaticPublicKey: serverStatic.publicKey, ...extra });
  const reply = hardenedServerRespond({
    staticPrivateKey: serverStatic.privateKey,
    clientEphemeralPublicKey: hs.publicKey,
    ...extra,
  });
  return { client: hs.finish(reply.publicKey, reply.confirm), server: reply.cipher };
}

describe("hardened handshake", () => {
  it("agrees on keys and carries traffic both ways, across rekeys", () => {
    const { client, server } = handshake(3);
    expect(client.mode).toBe("hardened");
    for (let i = 0; i < 10; i++) {
      expect(bytesToUtf8(server.decrypt(client.encrypt(text(`c${i}`))))).toBe(`c${i}`);
      expect(bytesToUtf8(client.decrypt(server.encrypt(text(`s${i}`))))).toBe(`s${i}`);
    }
  });

  it("the server follows the documented key schedule (a hand-built client talks to it)", () => {
    const s = generateServerStaticKey();
    const ec = x25519.keygen();
    const reply = hardenedServerRespond({
      staticPrivateKey: s.privateKey,
      clientEphemeralPublicKey: encodePublicKey(ec.publicKey),
    });
    const eS = decodePublicKey(reply.publicKey);
    const keys = specKeys(
      x25519.getSharedSecret(ec.secretKey, s.publicKey),
      x25519.getSharedSecret(ec.secretKey, eS),
      s.publicKey,
      ec.publicKey,
      eS,
    );
    expect(reply.confirm).toBe(keys.confirm);
    expect(bytesToUtf8(reply.cipher.decrypt(sealFrame(keys.c2s, 0, text("hello"))))).toBe("hello");
    expect(openFrame(keys.s2c, reply.cipher.encrypt(text("welcome")))).toBe("welcome");
  });

  it("the client follows the documented key schedule (a hand-built server talks to it)", () => {
    const s = x25519.keygen();
    const hs = createHardenedClientHandshake({ serverStaticPublicKey: encodePublicKey(s.publicKey) });
    const ec = decodePublicKey(hs.publicKey);
    const eS = x25519.keygen();
    const keys = specKeys(
      x25519.getSharedSecret(s.secretKey, ec),
      x25519.getSharedSecret(eS.secretKey, ec),
      s.publicKey,
      ec,
      eS.publicKey,
    );
    const client = hs.finish(encodePublicKey(eS.publicKey), keys.confirm);
    expect(openFrame(keys.c2s, client.encrypt(text("hello")))).toBe("hello");
    expect(bytesToUtf8(client.decrypt(sealFrame(keys.s2c, 0, text("welcome"))))).toBe("welcome");
  });

  it("finish() runs once, and bad inputs are handshake_failed or argument errors", () => {
    const s = generateServerStaticKey();
    const hs = createHardenedClientHandshake({ serverStaticPublicKey: s.publicKey });
    const reply = hardenedServerRespond({
      staticPrivateKey: s.privateKey,
      clientEphemeralPublicKey: hs.publicKey,
    });
    expect(codeOf(() => hs.finish(reply.publicKey, "short="))).toBe("handshake_failed");
    expect(codeOf(() => hs.finish(reply.publicKey, reply.confirm))).toBe("invalid_state");

    const fresh = () => createHardenedClientHandshake({ serverStaticPublicKey: s.publicKey });
    expect(codeOf(() => fresh().finish("AAAA", reply.confirm))).toBe("handshake_failed");
    expect(codeOf(() => fresh().finish(encodeBase64(new Uint8Array(32)), reply.confirm))).toBe(
      "handshake_failed",
    );
    expect(
      codeOf(() => hardenedServerRespond({ staticPrivateKey: s.privateKey, clientEphemeralPublicKey: "" })),
    ).toBe("handshake_failed");
    expect(() => createHardenedClientHandshake({ serverStaticPublicKey: "nope" })).toThrow(TypeError);
    expect(() => createHardenedClientHandshake({ serverStaticPublicKey: new Uint8Array(32) })).toThrow(
      RangeError,
    );
    expect(() =>
      hardenedServerRespond({ staticPrivateKey: new Uint8Array(8), clientEphemeralPublicKey: hs.publicKey }),
    ).toThrow(TypeError);
  });
});

describe("hardened mode against a man in the middle", () => {
  const real = generateServerStaticKey();
  const pinned = { serverStaticPublicKey: encodePublicKey(real.publicKey) };

  it("Mallory answering with her own keys is caught at the handshake", () => {
    const mallory = generateServerStaticKey();
    const hs = createHardenedClientHandshake(pinned);
    const fake = hardenedServerRespond({
      staticPrivateKey: mallory.privateKey,
      clientEphemeralPublicKey: hs.publicKey,
    });
    expect(codeOf(() => hs.finish(fake.publicKey, fake.confirm))).toBe("handshake_failed");
  });

  it("Mallory substituting her key in each direction is caught at the handshake", () => {
    const hs = createHardenedClientHandshake(pinned);
    // Toward the server Mallory runs her own client handshake; toward the client she relays
    // the server's reply (its tag is bound to her ephemeral, not the client's).
    const malloryClient = createHardenedClientHandshake(pinned);
    const toMallory = hardenedServerRespond({
      staticPrivateKey: real.privateKey,
      clientEphemeralPublicKey: malloryClient.publicKey,
    });
    const malloryToServer = malloryClient.finish(toMallory.publicKey, toMallory.confirm);
    expect(codeOf(() => hs.finish(toMallory.publicKey, toMallory.confirm))).toBe("handshake_failed");
    // She does hold a working session with the server, as herself: this layer authenticates the
    // server only; the client proves who it is with its JWT inside the channel.
    expect(bytesToUtf8(toMallory.cipher.decrypt(malloryToServer.encrypt(text("hi"))))).toBe("hi");
  });

  it("Mallory swapping only the server's ephemeral key, or the tag, is caught", () => {
    const hs = createHardenedClientHandshake(pinned);
    const reply = hardenedServerRespond({
      staticPrivateKey: real.privateKey,
      clientEphemeralPublicKey: hs.publicKey,
    });
    const swapped = encodePublicKey(generateServerStaticKey().publicKey);
    expect(codeOf(() => hs.finish(swapped, reply.confirm))).toBe("handshake_failed");

    const hs2 = createHardenedClientHandshake(pinned);
    const reply2 = hardenedServerRespond({
      staticPrivateKey: real.privateKey,
      clientEphemeralPublicKey: hs2.publicKey,
    });
    expect(codeOf(() => hs2.finish(reply2.publicKey, encodeBase64(new Uint8Array(32).fill(1))))).toBe(
      "handshake_failed",
    );
  });

  it("a passive relay learns nothing it can use: a frame it forges fails on the first try", () => {
    const { server } = handshake();
    const guessedKey = new Uint8Array(32).fill(9);
    expect(codeOf(() => server.decrypt(sealFrame(guessedKey, 0, text('{"type":"logout"}'))))).toBe(
      "decrypt_failed",
    );
  });
});
