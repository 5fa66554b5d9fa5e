/**
 * X25519 key pairs and their wire form: padded standard base64 of the 32 raw bytes, as the
 * `public_key` of `key_exchange` / `key_exchange_response` (docs/protocol.md#tcp-encryption).
 */
import { x25519 } from "@noble/curves/ed25519.js";
import { LairError } from "../errors/index.ts";
import { decodeBase64, encodeBase64 } from "./base64.ts";
import { KEY_LENGTH, x25519PublicKey } from "./primitives.ts";

/** An X25519 key pair; the caller owns `privateKey` and should `fill(0)` it when done. */
export interface X25519KeyPair {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

/** A fresh random X25519 key pair (CSPRNG via noble's `randomBytes`). */
export function generateX25519KeyPair(): X25519KeyPair {
  const privateKey = x25519.utils.randomSecretKey();
  return { privateKey, publicKey: x25519PublicKey(privateKey) };
}

/** The wire form of a public key: padded standard base64 (44 characters). */
export function encodePublicKey(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array)) throw new TypeError("publicKey must be a Uint8Array");
  if (publicKey.length !== KEY_LENGTH) {
    throw new RangeError(`publicKey must be ${KEY_LENGTH} bytes, got ${publicKey.length}`);
  }
  return encodeBase64(publicKey);
}

/**
 * Parse a peer's public key from the wire. Fails with `handshake_failed` on anything that is
 * not padded standard base64 of exactly 32 bytes, or that is a low-order point (one whose
 * shared secret would be all zeros whatever our private key).
 */
export function decodePublicKey(text: unknown): Uint8Array {
  const bytes = typeof text === "string" ? decodeBase64(text) : undefined;
  if (bytes === undefined) {
    throw new LairError("handshake_failed", { message: "Public key is not padded standard base64" });
  }
  if (bytes.length !== KEY_LENGTH) {
    throw new LairError("handshake_failed", {
      message: `Public key must be ${KEY_LENGTH} bytes, got ${bytes.length}`,
    });
  }
  if (isLowOrder(bytes)) {
    throw new LairError("handshake_failed", { message: "Public key is a low-order point" });
  }
  return bytes;
}

/**
 * A point is low-order exactly when multiplying it by the cofactor-clearing scalar 8 gives the
 * identity (u = 0); noble reports that by refusing to produce the all-zero shared secret.
 */
function isLowOrder(publicKey: Uint8Array): boolean {
  const eight = new Uint8Array(KEY_LENGTH);
  eight[0] = 8;
  try {
    x25519.scalarMult(eight, publicKey);
    return false;
  } catch {
    return true;
  }
}
