/**
 * The server side of the TCP key exchange (docs/protocol.md#tcp-encryption): the lair-compatible
 * mode (Lair TCP.md, "Key Exchange (X25519)") and our `hardened` mode. Only builds the
 * response and the cipher; the connection sends the response in plaintext and then switches
 * its transport to the cipher.
 */

import { createPrivateKey, createPublicKey } from "node:crypto";
import {
  compatServerRespond,
  encodePublicKey,
  type FrameCipher,
  hardenedServerRespond,
  LairError,
} from "@lair-chat/protocol";

/** Bytes of an X25519 key. */
export const KEY_LENGTH_BYTES = 32;

export interface KeyExchangeRequest {
  public_key: string;
  mode?: "compat" | "hardened" | undefined;
}

export interface KeyExchangeOutcome {
  /** `key_exchange_response` without `type` and `request_id`. */
  response: { public_key: string; mode?: "compat" | "hardened"; confirm?: string };
  cipher: FrameCipher;
  mode: "compat" | "hardened";
}

/**
 * Answer a client's `key_exchange`. Throws LairError `handshake_failed` for a malformed or
 * low-order key, or for `mode: "hardened"` when the server has no static key.
 */
export function respondToKeyExchange(
  request: KeyExchangeRequest,
  hardenedStaticKey: Uint8Array | undefined,
): KeyExchangeOutcome {
  if (request.mode === "hardened") {
    if (hardenedStaticKey === undefined) {
      throw new LairError("handshake_failed", {
        message: "This server does not offer the hardened key exchange",
      });
    }
    const r = hardenedServerRespond({
      staticPrivateKey: hardenedStaticKey,
      clientEphemeralPublicKey: request.public_key,
    });
    return {
      response: { public_key: r.publicKey, mode: "hardened", confirm: r.confirm },
      cipher: r.cipher,
      mode: "hardened",
    };
  }
  const r = compatServerRespond(request.public_key);
  // A Lair client sends no mode and expects none back.
  const response =
    request.mode === "compat"
      ? { public_key: r.publicKey, mode: "compat" as const }
      : { public_key: r.publicKey };
  return { response, cipher: r.cipher, mode: "compat" };
}

/** PKCS#8 DER header of a raw X25519 private key (RFC 8410 §7). */
const PKCS8_X25519_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");

/** The public key (wire form) of a static private key, for `server_hello.server_key`. */
export function staticPublicKey(privateKey: Uint8Array): string {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_X25519_PREFIX, privateKey]),
    format: "der",
    type: "pkcs8",
  });
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  return encodePublicKey(new Uint8Array(spki.subarray(spki.length - KEY_LENGTH_BYTES)));
}
