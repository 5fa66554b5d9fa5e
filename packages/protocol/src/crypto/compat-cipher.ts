/**
 * The lair-compatible TCP encryption (docs/protocol.md#tcp-encryption, "lair-compatible mode"),
 * byte-for-byte what the Rust Lair server speaks: the raw X25519 shared secret is the AES-256-GCM
 * key, and every frame payload is `nonce(12) ‖ ciphertext ‖ tag(16)` with a random nonce and no
 * AAD. It stops a passive eavesdropper only; see docs/security.md.
 */
import { randomBytes } from "@noble/hashes/utils.js";
import { LairError } from "../errors/index.ts";
import type { FrameCipher } from "./frame-cipher.ts";
import { aesGcmOpen, aesGcmSeal, NONCE_LENGTH, TAG_LENGTH, x25519SharedSecret } from "./primitives.ts";
import { decodePublicKey, encodePublicKey, generateX25519KeyPair } from "./x25519-key-pair.ts";

/** Bytes a compat frame adds to its plaintext (nonce and tag). */
export const COMPAT_OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

/**
 * A compat FrameCipher from our private key and the peer's public key. The inputs stay the
 * caller's (not zeroed); the cipher keeps only the shared secret, which `destroy()` zeroes.
 */
export function createCompatCipher(ourPrivateKey: Uint8Array, theirPublicKey: Uint8Array): FrameCipher {
  let key: Uint8Array | undefined = x25519SharedSecret(ourPrivateKey, theirPublicKey);
  const liveKey = (): Uint8Array => {
    if (key === undefined) throw new LairError("invalid_state", { message: "Frame cipher was destroyed" });
    return key;
  };
  return {
    mode: "compat",
    overhead: COMPAT_OVERHEAD,
    encrypt(plaintext) {
      const nonce = randomBytes(NONCE_LENGTH);
      const sealed = aesGcmSeal(liveKey(), nonce, plaintext);
      const frame = new Uint8Array(NONCE_LENGTH + sealed.length);
      frame.set(nonce, 0);
      frame.set(sealed, NONCE_LENGTH);
      return frame;
    },
    decrypt(frame) {
      const k = liveKey();
      if (!(frame instanceof Uint8Array) || frame.length < COMPAT_OVERHEAD) {
        throw new LairError("decrypt_failed", { message: "Encrypted frame is too short" });
      }
      return aesGcmOpen(k, frame.subarray(0, NONCE_LENGTH), frame.subarray(NONCE_LENGTH));
    },
    destroy() {
      key?.fill(0);
      key = undefined;
    },
  };
}

/** The client half of a compat key exchange. */
export interface CompatClientHandshake {
  /** Our ephemeral public key for `key_exchange.public_key`. */
  readonly publicKey: string;
  /**
   * Complete with `key_exchange_response.public_key`; call once. Zeroes our ephemeral private
   * key. Throws `handshake_failed` on a malformed or low-order server key.
   */
  finish(serverPublicKey: string): FrameCipher;
}

/** Start a compat key exchange as the client (after sending `client_hello` with `encryption`). */
export function compatClientHandshake(): CompatClientHandshake {
  const pair = generateX25519KeyPair();
  let finished = false;
  return {
    publicKey: encodePublicKey(pair.publicKey),
    finish(serverPublicKey) {
      if (finished) throw new LairError("invalid_state", { message: "Handshake already finished" });
      finished = true;
      try {
        return createCompatCipher(pair.privateKey, decodePublicKey(serverPublicKey));
      } finally {
        pair.privateKey.fill(0);
      }
    },
  };
}

/** What the server sends and keeps after a compat key exchange. */
export interface CompatServerResponse {
  /** Our ephemeral public key for `key_exchange_response.public_key`. */
  publicKey: string;
  /** Use for every frame after `key_exchange_response` (which itself goes out in plaintext). */
  cipher: FrameCipher;
}

/**
 * Answer a client's `key_exchange.public_key` as the server. Throws `handshake_failed` on a
 * malformed or low-order client key.
 */
export function compatServerRespond(clientPublicKey: string): CompatServerResponse {
  const theirs = decodePublicKey(clientPublicKey);
  const pair = generateX25519KeyPair();
  try {
    return {
      publicKey: encodePublicKey(pair.publicKey),
      cipher: createCompatCipher(pair.privateKey, theirs),
    };
  } finally {
    pair.privateKey.fill(0);
  }
}
