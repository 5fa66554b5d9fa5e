import { gcm } from "@noble/ciphers/aes.js";
import { bytesToUtf8 } from "@noble/ciphers/utils.js";
import { hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLairError, type LairError } from "../errors/index.ts";
import {
  COMPAT_OVERHEAD,
  compatClientHandshake,
  compatServerRespond,
  createCompatCipher,
} from "./compat-cipher.ts";
import { decodePublicKey } from "./x25519-key-pair.ts";

// RFC 7748 §6.1 key pairs: Alice plays the client, Bob the Rust server.
const alicePriv = hexToBytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
const alicePubB64 = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";
const bobPriv = hexToBytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
const bobPubB64 = "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=";
const sharedK = hexToBytes("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isLairError(error) ? (error as LairError).code : `not a LairError: ${String(error)}`;
  }
};

describe("lair-compatible mode interop (hand-built frames)", () => {
  const json = '{"type":"authenticate","token":"abc"}';

  it("opens a frame built from the spec: nonce ‖ AES-256-GCM(K = raw X25519 secret, no AAD)", () => {
    const nonce = hexToBytes("000102030405060708090a0b");
    const frame = new Uint8Array([...nonce, ...gcm(sharedK, nonce).encrypt(utf8ToBytes(json))]);
    const client = createCompatCipher(alicePriv, decodePublicKey(bobPubB64));
    expect(bytesToUtf8(client.decrypt(frame))).toBe(json);
    expect(client.mode).toBe("compat");
  });

  it("seals frames that the spec's construction opens", () => {
    const server = createCompatCipher(bobPriv, decodePublicKey(alicePubB64));
    const frame = server.encrypt(utf8ToBytes(json));
    expect(frame.length).toBe(json.length + COMPAT_OVERHEAD);
    const opened = gcm(sharedK, frame.subarray(0, 12)).decrypt(frame.subarray(12));
    expect(bytesToUtf8(opened)).toBe(json);
  });

  it("uses a fresh random nonce per frame", () => {
    const cipher = createCompatCipher(alicePriv, decodePublicKey(bobPubB64));
    const nonces = new Set(
      Array.from({ length: 50 }, () =>
        Buffer.from(cipher.encrypt(new Uint8Array(1)).subarray(0, 12)).toString("hex"),
      ),
    );
    expect(nonces.size).toBe(50);
  });
});

describe("compat handshake helpers", () => {
  it("client and server agree and talk both ways", () => {
    const client = compatClientHandshake();
    const { publicKey, cipher: server } = compatServerRespond(client.publicKey);
    const clientCipher = client.finish(publicKey);
    expect(bytesToUtf8(server.decrypt(clientCipher.encrypt(utf8ToBytes("hi server"))))).toBe("hi server");
    expect(bytesToUtf8(clientCipher.decrypt(server.encrypt(utf8ToBytes("hi client"))))).toBe("hi client");
    expect(codeOf(() => client.finish(publicKey))).toBe("invalid_state");
  });

  it("bad peer keys are handshake_failed", () => {
    expect(codeOf(() => compatServerRespond("AAAA"))).toBe("handshake_failed");
    expect(codeOf(() => compatClientHandshake().finish(`${"A".repeat(43)}=`))).toBe("handshake_failed");
  });

  it("destroy() makes the cipher unusable", () => {
    const cipher = createCompatCipher(alicePriv, decodePublicKey(bobPubB64));
    const frame = cipher.encrypt(new Uint8Array(3));
    cipher.destroy();
    expect(codeOf(() => cipher.decrypt(frame))).toBe("invalid_state");
    expect(codeOf(() => cipher.encrypt(new Uint8Array(3)))).toBe("invalid_state");
    expect(alicePriv[0]).toBe(0x77); // the caller's key is left alone
  });
});

describe("compat attacks", () => {
  it("rejects all 10,000 single-bit flips of a sealed frame", () => {
    const cipher = createCompatCipher(alicePriv, decodePublicKey(bobPubB64));
    const plaintext = new Uint8Array(10_000 / 8 - COMPAT_OVERHEAD).fill(0x61);
    const frame = cipher.encrypt(plaintext);
    expect(frame.length * 8).toBe(10_000);
    const outcomes = new Map<string | undefined, number>();
    for (let bit = 0; bit < 10_000; bit++) {
      const flipped = frame.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      const code = codeOf(() => cipher.decrypt(flipped));
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ decrypt_failed: 10_000 });
    expect(cipher.decrypt(frame)).toEqual(plaintext);
  });

  it("arbitrary bytes into decrypt always give a LairError", () => {
    const cipher = createCompatCipher(alicePriv, decodePublicKey(bobPubB64));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(codeOf(() => cipher.decrypt(bytes))).toBe("decrypt_failed");
      }),
    );
  });

  // Documents the weakness: nothing authenticates the server, so whoever sits on the path can
  // run one key exchange with each side and relay (and rewrite) everything.
  it("a man in the middle reads and rewrites traffic (weakness of this mode)", () => {
    const client = compatClientHandshake();
    // Mallory intercepts key_exchange, answers the client herself...
    const toClient = compatServerRespond(client.publicKey);
    // ...and runs her own exchange with the real server.
    const malloryAsClient = compatClientHandshake();
    const server = compatServerRespond(malloryAsClient.publicKey);
    const toServer = malloryAsClient.finish(server.publicKey);
    const clientCipher = client.finish(toClient.publicKey);

    const intercepted = toClient.cipher.decrypt(
      clientCipher.encrypt(utf8ToBytes('{"type":"authenticate","token":"secret-jwt"}')),
    );
    expect(bytesToUtf8(intercepted)).toContain("secret-jwt");
    const forged = toServer.encrypt(utf8ToBytes('{"type":"send_message","content":"from mallory"}'));
    expect(bytesToUtf8(server.cipher.decrypt(forged))).toContain("from mallory");
    const reply = toClient.cipher.encrypt(toServer.decrypt(server.cipher.encrypt(utf8ToBytes("ok"))));
    expect(bytesToUtf8(clientCipher.decrypt(reply))).toBe("ok");
  });
});
