/** Transport encryption for TCP: the lair-compatible and `hardened` modes (docs/security.md). */
export { decodeBase64, encodeBase64 } from "./base64.ts";
export {
  COMPAT_OVERHEAD,
  type CompatClientHandshake,
  type CompatServerResponse,
  compatClientHandshake,
  compatServerRespond,
  createCompatCipher,
} from "./compat-cipher.ts";
export type { FrameCipher } from "./frame-cipher.ts";
export { DEFAULT_REKEY_INTERVAL, HARDENED_OVERHEAD } from "./hardened-cipher.ts";
export {
  createHardenedClientHandshake,
  generateServerStaticKey,
  type HardenedClientHandshake,
  type HardenedClientOptions,
  type HardenedServerOptions,
  type HardenedServerResponse,
  hardenedServerRespond,
} from "./hardened-handshake.ts";
export {
  decodePublicKey,
  encodePublicKey,
  generateX25519KeyPair,
  type X25519KeyPair,
} from "./x25519-key-pair.ts";
