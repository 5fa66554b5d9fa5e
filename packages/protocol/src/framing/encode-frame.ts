/**
 * Length-prefixed framing of the TCP transport (docs/protocol.md#framing; Lair TCP.md,
 * "Message Framing"): a 4-byte big-endian unsigned length, then that many payload bytes.
 */
import { LairError } from "../errors/lair-error.ts";
import { MAX_FRAME_BYTES } from "../limits.ts";

/** Size of the length prefix in bytes. */
export const FRAME_HEADER_BYTES = 4;

const utf8 = new TextEncoder();

/** Checks a caller-supplied frame cap; shared with FrameDecoder. */
export function checkMaxFrameBytes(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new RangeError(`${name} must be an integer between 0 and 4294967295, got ${String(value)}`);
  }
  return value;
}

/**
 * Prefix `payload` (a string is UTF-8 encoded) with its length. Throws a LairError
 * `frame_too_large` when the payload exceeds `maxFrameBytes`: the peer would refuse it and
 * close the connection, so it must never be written.
 *
 * @param maxFrameBytes largest payload allowed. @default MAX_FRAME_BYTES (1,048,576)
 */
export function encodeFrame(
  payload: Uint8Array | string,
  maxFrameBytes: number = MAX_FRAME_BYTES,
): Uint8Array {
  checkMaxFrameBytes(maxFrameBytes, "maxFrameBytes");
  let bytes: Uint8Array;
  if (typeof payload === "string") bytes = utf8.encode(payload);
  else if (payload instanceof Uint8Array) bytes = payload;
  else throw new TypeError("payload must be a Uint8Array or a string");
  if (bytes.length > maxFrameBytes) {
    throw new LairError("frame_too_large", { details: { size: bytes.length, max: maxFrameBytes } });
  }
  const frame = new Uint8Array(FRAME_HEADER_BYTES + bytes.length);
  new DataView(frame.buffer).setUint32(0, bytes.length, false);
  frame.set(bytes, FRAME_HEADER_BYTES);
  return frame;
}
