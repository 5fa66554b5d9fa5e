/**
 * The `hardened` key agreement (docs/protocol.md#tcp-encryption, "hardened mode"), shaped like
 * Noise NK: the client knows the server's static key s in advance and sends an ephemeral e_c;
 * the server answers with an ephemeral e_s and a key-confirmation tag. Both mix
 * es = DH(e_c, s) and ee = DH(e_c, e_s) through HKDF-SHA256 salted with the transcript hash, so
 * only the holder of s's private key can produce keys (and a tag) the client accepts.
 */
import { equalBytes } from "@noble/ciphers/utils.js";
import { concatBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { LairError } from "../errors/index.ts";
import { decodeBase64, encodeBase64 } from "./base64.ts";
import type { FrameCipher } from "./frame-cipher.ts";
import { createHardenedCipher } from "./hardened-cipher.ts";
import {
  hkdfSha256,
  hmacSha256,
  KEY_LENGTH,
  sha256Of,
  x25519PublicKey,
  x25519SharedSecret,
} from "./primitives.ts";
import {
  decodePublicKey,
  encodePublicKey,
  generateX25519KeyPair,
  type X25519KeyPair,
} from "./x25519-key-pair.ts";

/** Prefix of the transcript hash and HKDF info; changing it is a new protocol version. */
const LABEL = utf8ToBytes("lair-chat hardened v1: X25519, HKDF-SHA256, AES-256-GCM");

/** Generate the server's long-term static key; publish `encodePublicKey(publicKey)`, keep `privateKey` secret. */
export function generateServerStaticKey(): X25519KeyPair {
  return generateX25519KeyPair();
}

export interface HardenedClientOptions {
  /** The server's static public key, pinned out of band: 32 raw bytes or its padded base64. */
  serverStaticPublicKey: Uint8Array | string;
  /** Frames per key before rekeying; must match the server. @default DEFAULT_REKEY_INTERVAL */
  rekeyInterval?: number;
}

/** The client half of a hardened key exchange. */
export interface HardenedClientHandshake {
  /** Our ephemeral public key for `key_exchange.public_key` (sent with `mode: "hardened"`). */
  readonly publicKey: string;
  /**
   * Complete with `key_exchange_response.public_key` and `.confirm`; call once. Zeroes our
   * ephemeral private key and the DH outputs. Throws `handshake_failed` on a malformed or
   * low-order key, or when the confirmation tag is wrong (the peer does not hold the pinned key).
   */
  finish(serverEphemeralPublicKey: string, confirm: string): FrameCipher;
}

/** Start a hardened key exchange as the client. */
export function createHardenedClientHandshake(options: HardenedClientOptions): HardenedClientHandshake {
  const serverStatic = pinnedKey(options.serverStaticPublicKey);
  const ephemeral = generateX25519KeyPair();
  let finished = false;
  return {
    publicKey: encodePublicKey(ephemeral.publicKey),
    finish(serverEphemeralPublicKey, confirm) {
      if (finished) throw new LairError("invalid_state", { message: "Handshake already finished" });
      finished = true;
      let es: Uint8Array | undefined;
      let ee: Uint8Array | undefined;
      try {
        const serverEphemeral = decodePublicKey(serverEphemeralPublicKey);
        const tag = typeof confirm === "string" ? decodeBase64(confirm) : undefined;
        if (tag?.length !== KEY_LENGTH) {
          throw new LairError("handshake_failed", { message: "Key confirmation must be 32 bytes of base64" });
        }
        es = x25519SharedSecret(ephemeral.privateKey, serverStatic);
        ee = x25519SharedSecret(ephemeral.privateKey, serverEphemeral);
        const keys = deriveKeys(es, ee, serverStatic, ephemeral.publicKey, serverEphemeral);
        try {
          if (!equalBytes(keys.confirm, tag)) {
            throw new LairError("handshake_failed", {
              message: "Server failed key confirmation (wrong server key or man-in-the-middle)",
            });
          }
          return createHardenedCipher({
            sendKey: keys.clientToServer,
            receiveKey: keys.serverToClient,
            ...(options.rekeyInterval === undefined ? {} : { rekeyInterval: options.rekeyInterval }),
          });
        } finally {
          keys.wipe();
        }
      } finally {
        ephemeral.privateKey.fill(0);
        es?.fill(0);
        ee?.fill(0);
      }
    },
  };
}

export interface HardenedServerOptions {
  /** The server's static private key (not modified). */
  staticPrivateKey: Uint8Array;
  /** The client's `key_exchange.public_key`. */
  clientEphemeralPublicKey: string;
  /** Frames per key before rekeying; must match the client. @default DEFAULT_REKEY_INTERVAL */
  rekeyInterval?: number;
}

/** What the server sends and keeps after a hardened key exchange. */
export interface HardenedServerResponse {
  /** Our ephemeral public key for `key_exchange_response.public_key`. */
  publicKey: string;
  /** The key-confirmation tag for `key_exchange_response.confirm`. */
  confirm: string;
  /** Use for every frame after `key_exchange_response` (which itself goes out in plaintext). */
  cipher: FrameCipher;
}

/** Answer a hardened `key_exchange` as the server. Throws `handshake_failed` on a bad client key. */
export function hardenedServerRespond(options: HardenedServerOptions): HardenedServerResponse {
  const { staticPrivateKey } = options;
  if (!(staticPrivateKey instanceof Uint8Array) || staticPrivateKey.length !== KEY_LENGTH) {
    throw new TypeError(`staticPrivateKey must be a ${KEY_LENGTH}-byte Uint8Array`);
  }
  const clientEphemeral = decodePublicKey(options.clientEphemeralPublicKey);
  const ephemeral = generateX25519KeyPair();
  let es: Uint8Array | undefined;
  let ee: Uint8Array | undefined;
  try {
    es = x25519SharedSecret(staticPrivateKey, clientEphemeral);
    ee = x25519SharedSecret(ephemeral.privateKey, clientEphemeral);
    const staticPublic = x25519PublicKey(staticPrivateKey);
    const keys = deriveKeys(es, ee, staticPublic, clientEphemeral, ephemeral.publicKey);
    try {
      return {
        publicKey: encodePublicKey(ephemeral.publicKey),
        confirm: encodeBase64(keys.confirm),
        cipher: createHardenedCipher({
          sendKey: keys.serverToClient,
          receiveKey: keys.clientToServer,
          ...(options.rekeyInterval === undefined ? {} : { rekeyInterval: options.rekeyInterval }),
        }),
      };
    } finally {
      keys.wipe();
    }
  } finally {
    ephemeral.privateKey.fill(0);
    es?.fill(0);
    ee?.fill(0);
  }
}

interface SessionKeys {
  clientToServer: Uint8Array;
  serverToClient: Uint8Array;
  confirm: Uint8Array;
  wipe(): void;
}

/**
 * h = SHA-256(LABEL ‖ s ‖ e_c ‖ e_s); HKDF-SHA256(ikm = es ‖ ee, salt = h, info = LABEL, 96)
 * splits into the client→server key, the server→client key and a confirmation key; the tag is
 * HMAC-SHA256(confirmation key, h).
 */
function deriveKeys(
  es: Uint8Array,
  ee: Uint8Array,
  serverStatic: Uint8Array,
  clientEphemeral: Uint8Array,
  serverEphemeral: Uint8Array,
): SessionKeys {
  const transcript = sha256Of(LABEL, serverStatic, clientEphemeral, serverEphemeral);
  const ikm = concatBytes(es, ee);
  const okm = hkdfSha256(ikm, transcript, LABEL, 3 * KEY_LENGTH);
  ikm.fill(0);
  const confirmKey = okm.subarray(2 * KEY_LENGTH);
  const confirm = hmacSha256(confirmKey, transcript);
  return {
    clientToServer: okm.subarray(0, KEY_LENGTH),
    serverToClient: okm.subarray(KEY_LENGTH, 2 * KEY_LENGTH),
    confirm,
    wipe: () => okm.fill(0),
  };
}

function pinnedKey(value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === "string" ? decodeBase64(value) : value;
  if (!(bytes instanceof Uint8Array) || bytes.length !== KEY_LENGTH) {
    throw new TypeError("serverStaticPublicKey must be 32 bytes or their padded standard base64");
  }
  try {
    return decodePublicKey(encodeBase64(bytes));
  } catch {
    throw new RangeError("serverStaticPublicKey is a low-order point");
  }
}
