/**
 * Thin wrappers over @noble for the few primitives transport encryption uses, so that the
 * known-answer tests (primitives.test.ts) exercise exactly the calls the modes make, and every
 * failure surfaces as a LairError rather than a library-specific Error.
 */
import { gcm } from "@noble/ciphers/aes.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { LairError } from "../errors/index.ts";

/** Bytes in an X25519 key or shared secret, and in an AES-256 key. */
export const KEY_LENGTH = 32;
/** Bytes in an AES-GCM nonce. */
export const NONCE_LENGTH = 12;
/** Bytes in an AES-GCM authentication tag. */
export const TAG_LENGTH = 16;

/** The X25519 public key (RFC 7748 §6.1) of a 32-byte private key. */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  checkLength(privateKey, KEY_LENGTH, "privateKey");
  return x25519.getPublicKey(privateKey);
}

/**
 * X25519(privateKey, publicKey) (RFC 7748 §5). A low-order peer key would give the all-zero
 * secret and hand the attacker the session key, so it fails with `handshake_failed`.
 */
export function x25519SharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  checkLength(privateKey, KEY_LENGTH, "privateKey");
  checkLength(publicKey, KEY_LENGTH, "publicKey");
  try {
    return x25519.getSharedSecret(privateKey, publicKey);
  } catch (cause) {
    throw new LairError("handshake_failed", { message: "Peer public key is a low-order point", cause });
  }
}

/** HKDF-SHA256 (RFC 5869). */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return hkdf(sha256, ikm, salt, info, length);
}

/** SHA-256 of the concatenation of `parts`. */
export function sha256Of(...parts: Uint8Array[]): Uint8Array {
  const hash = sha256.create();
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** HMAC-SHA256 (RFC 2104). */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(sha256, key, message);
}

/** AES-256-GCM seal: returns `ciphertext ‖ tag`. */
export function aesGcmSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  plaintext: Uint8Array,
  aad?: Uint8Array,
): Uint8Array {
  checkLength(key, KEY_LENGTH, "key");
  checkLength(nonce, NONCE_LENGTH, "nonce");
  return gcm(key, nonce, aad).encrypt(plaintext);
}

/** AES-256-GCM open of `ciphertext ‖ tag`; any failure is `decrypt_failed`. */
export function aesGcmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  aad?: Uint8Array,
): Uint8Array {
  checkLength(key, KEY_LENGTH, "key");
  checkLength(nonce, NONCE_LENGTH, "nonce");
  if (sealed.length < TAG_LENGTH) throw new LairError("decrypt_failed", { message: "Frame is too short" });
  try {
    return gcm(key, nonce, aad).decrypt(sealed);
  } catch (cause) {
    throw new LairError("decrypt_failed", { cause });
  }
}

function checkLength(bytes: Uint8Array, length: number, name: string): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (bytes.length !== length) throw new RangeError(`${name} must be ${length} bytes, got ${bytes.length}`);
}
