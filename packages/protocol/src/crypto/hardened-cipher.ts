/**
 * The record layer of the `hardened` mode (docs/protocol.md#tcp-encryption, "hardened mode"):
 * one AES-256-GCM key per direction, frame payload `counter(8) ‖ ciphertext ‖ tag(16)` with the
 * counter as AAD and nonce `0x00000000 ‖ counter`, the receiver accepting only the next counter,
 * and both sides stepping each direction's key every `rekeyInterval` frames.
 */
import { utf8ToBytes } from "@noble/hashes/utils.js";
import { LairError } from "../errors/index.ts";
import type { FrameCipher } from "./frame-cipher.ts";
import { aesGcmOpen, aesGcmSeal, hkdfSha256, KEY_LENGTH, NONCE_LENGTH, TAG_LENGTH } from "./primitives.ts";

/** Bytes of the frame counter that opens every hardened frame. */
export const COUNTER_LENGTH = 8;
/** Bytes a hardened frame adds to its plaintext (counter and tag). */
export const HARDENED_OVERHEAD = COUNTER_LENGTH + TAG_LENGTH;
/**
 * Frames sealed under one key before it is replaced; keeps every key well under the 2^32
 * invocations AES-GCM allows. A wire constant: both peers must use the same value.
 */
export const DEFAULT_REKEY_INTERVAL = 2 ** 32 - 1;

/** HKDF info for stepping a direction key; the previous key is the only input. */
const REKEY_INFO = utf8ToBytes("lair-chat hardened v1 rekey");
const TWO_32 = 2 ** 32;

export interface HardenedCipherOptions {
  /** Key for frames we send (copied; zeroed by `destroy()`). */
  sendKey: Uint8Array;
  /** Key for frames we receive (copied; zeroed by `destroy()`). */
  receiveKey: Uint8Array;
  /**
   * Frames per key before both sides derive the next one. Both peers must agree; only tests
   * should change it. @default DEFAULT_REKEY_INTERVAL (2^32 - 1)
   */
  rekeyInterval?: number;
}

/** One direction's key and the counter of its next frame. */
interface Direction {
  key: Uint8Array;
  counter: number;
}

/** Build the hardened FrameCipher from the two directional keys a handshake derived. */
export function createHardenedCipher(options: HardenedCipherOptions): FrameCipher {
  const interval = options.rekeyInterval ?? DEFAULT_REKEY_INTERVAL;
  if (!Number.isInteger(interval) || interval < 1 || interval > DEFAULT_REKEY_INTERVAL) {
    throw new RangeError(`rekeyInterval must be an integer from 1 to ${DEFAULT_REKEY_INTERVAL}`);
  }
  for (const name of ["sendKey", "receiveKey"] as const) {
    const key = options[name];
    if (!(key instanceof Uint8Array) || key.length !== KEY_LENGTH) {
      throw new TypeError(`${name} must be a ${KEY_LENGTH}-byte Uint8Array`);
    }
  }
  let send: Direction | undefined = { key: options.sendKey.slice(), counter: 0 };
  let receive: Direction | undefined = { key: options.receiveKey.slice(), counter: 0 };

  const advance = (direction: Direction): void => {
    direction.counter += 1;
    if (direction.counter % interval === 0) {
      const next = hkdfSha256(direction.key, new Uint8Array(0), REKEY_INFO, KEY_LENGTH);
      direction.key.fill(0);
      direction.key = next;
    }
  };
  const destroyed = (): LairError =>
    new LairError("invalid_state", { message: "Frame cipher was destroyed" });

  return {
    mode: "hardened",
    overhead: HARDENED_OVERHEAD,
    encrypt(plaintext) {
      if (send === undefined) throw destroyed();
      // 2^53 frames is out of reach; refusing beats ever reusing a nonce.
      if (send.counter >= Number.MAX_SAFE_INTEGER) throw new LairError("invalid_state");
      const header = encodeCounter(send.counter);
      const sealed = aesGcmSeal(send.key, nonceFor(header), plaintext, header);
      const frame = new Uint8Array(COUNTER_LENGTH + sealed.length);
      frame.set(header, 0);
      frame.set(sealed, COUNTER_LENGTH);
      advance(send);
      return frame;
    },
    decrypt(frame) {
      if (receive === undefined) throw destroyed();
      if (!(frame instanceof Uint8Array) || frame.length < HARDENED_OVERHEAD) {
        throw new LairError("decrypt_failed", { message: "Encrypted frame is too short" });
      }
      const header = frame.slice(0, COUNTER_LENGTH);
      const counter = decodeCounter(header);
      if (counter !== receive.counter) {
        throw new LairError("replay_detected", {
          details: { expected: receive.counter, received: counter },
        });
      }
      const plaintext = aesGcmOpen(receive.key, nonceFor(header), frame.subarray(COUNTER_LENGTH), header);
      advance(receive);
      return plaintext;
    },
    destroy() {
      send?.key.fill(0);
      receive?.key.fill(0);
      send = undefined;
      receive = undefined;
    },
  };
}

function encodeCounter(counter: number): Uint8Array {
  const bytes = new Uint8Array(COUNTER_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, Math.floor(counter / TWO_32));
  view.setUint32(4, counter >>> 0);
  return bytes;
}

/** Exact for every counter a peer can legitimately reach; larger values only fail to match. */
function decodeCounter(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, COUNTER_LENGTH);
  return view.getUint32(0) * TWO_32 + view.getUint32(4);
}

/** 96-bit nonce: four zero bytes, then the 64-bit big-endian counter. */
function nonceFor(counterBytes: Uint8Array): Uint8Array {
  const nonce = new Uint8Array(NONCE_LENGTH);
  nonce.set(counterBytes, NONCE_LENGTH - COUNTER_LENGTH);
  return nonce;
}
