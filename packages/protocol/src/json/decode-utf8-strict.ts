/**
 * Strict UTF-8 decoding of frame payloads (docs/protocol.md#framing): Lair's server refuses
 * a payload that is not valid UTF-8 rather than repairing it with U+FFFD.
 */
import { LairError } from "../errors/lair-error.ts";
import type { DecodeResult } from "./decode-result.ts";

// `fatal` makes malformed input an error; `ignoreBOM` keeps a BOM so JSON parsing refuses it,
// as a strict JSON reader on the other end would.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decode `bytes` as UTF-8; invalid sequences give `invalid_message`. */
export function decodeUtf8Strict(bytes: Uint8Array): DecodeResult<string> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("bytes must be a Uint8Array");
  try {
    return { ok: true, value: decoder.decode(bytes) };
  } catch (cause) {
    return {
      ok: false,
      error: new LairError("invalid_message", {
        message: "Payload is not valid UTF-8",
        details: { reason: "invalid_utf8" },
        cause,
      }),
    };
  }
}
