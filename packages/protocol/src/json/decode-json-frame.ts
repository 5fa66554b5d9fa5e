/** A frame payload as JSON, both ways (docs/protocol.md#json-payloads). */
import type { DecodeResult } from "./decode-result.ts";
import { decodeUtf8Strict } from "./decode-utf8-strict.ts";
import { type ParseJsonOptions, parseJson } from "./parse-json.ts";

const utf8 = new TextEncoder();

/** Strict UTF-8 then `parseJson`: the whole path from payload bytes to an untyped value. */
export function decodeJsonFrame(bytes: Uint8Array, options: ParseJsonOptions = {}): DecodeResult<unknown> {
  const text = decodeUtf8Strict(bytes);
  return text.ok ? parseJson(text.value, options) : text;
}

/** `JSON.stringify` as UTF-8 bytes; throws TypeError for a value JSON cannot represent. */
export function encodeJsonFrame(value: unknown): Uint8Array {
  const text = JSON.stringify(value);
  if (typeof text !== "string") throw new TypeError("value is not representable as JSON");
  return utf8.encode(text);
}
