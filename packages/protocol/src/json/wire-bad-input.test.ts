/**
 * Bad input at the frame and JSON level: each case must come back as a typed LairError, never
 * a throw or a value. (Schema-level cases — wrong types, unknown `type` — live with the schemas;
 * a binary WebSocket frame is covered in websocket-transport.test.ts.)
 */
import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../errors/codes.ts";
import { isLairError, type LairError } from "../errors/lair-error.ts";
import { encodeFrame } from "../framing/encode-frame.ts";
import { FrameDecoder } from "../framing/frame-decoder.ts";
import { MAX_FRAME_BYTES } from "../limits.ts";
import { decodeJsonFrame } from "./decode-json-frame.ts";

/** Run a whole byte stream through framing and JSON decoding; return the first error. */
function decodeStream(stream: Uint8Array): LairError | undefined {
  const decoder = new FrameDecoder();
  const { frames, error } = decoder.push(stream);
  for (const frame of frames) {
    const result = decodeJsonFrame(frame);
    if (!result.ok) return result.error;
  }
  return error ?? decoder.end();
}

function header(length: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, length);
  return bytes;
}

function framed(payload: string | Uint8Array): Uint8Array {
  return encodeFrame(payload);
}

function thrown(fn: () => unknown): LairError | undefined {
  try {
    fn();
  } catch (error) {
    return isLairError(error) ? error : undefined;
  }
  return undefined;
}

const cases: [name: string, run: () => LairError | undefined, code: ErrorCode, reason?: string][] = [
  ["length 0 (empty payload)", () => decodeStream(header(0)), "invalid_message", "invalid_json"],
  ["length 1 MiB + 1", () => decodeStream(header(MAX_FRAME_BYTES + 1)), "frame_too_large"],
  ["length 0xFFFFFFFF", () => decodeStream(header(0xffff_ffff)), "frame_too_large"],
  ["length 0x80000000", () => decodeStream(header(0x8000_0000)), "frame_too_large"],
  ["header cut short", () => decodeStream(Uint8Array.of(0, 0)), "invalid_message", "truncated_frame"],
  [
    "payload cut short",
    () => decodeStream(framed('{"type":"ping"}').subarray(0, 10)),
    "invalid_message",
    "truncated_frame",
  ],
  ["invalid UTF-8 byte", () => decodeStream(framed(Uint8Array.of(0xff))), "invalid_message", "invalid_utf8"],
  [
    "overlong UTF-8 encoding",
    () => decodeStream(framed(Uint8Array.of(0x22, 0xc0, 0xaf, 0x22))),
    "invalid_message",
    "invalid_utf8",
  ],
  [
    "UTF-8 encoded surrogate",
    () => decodeStream(framed(Uint8Array.of(0x22, 0xed, 0xa0, 0x80, 0x22))),
    "invalid_message",
    "invalid_utf8",
  ],
  ["truncated multi-byte sequence", () => decodeStream(framed(Uint8Array.of(0xe2, 0x82))), "invalid_message"],
  ["not JSON", () => decodeStream(framed("hello")), "invalid_message", "invalid_json"],
  ["JSON cut short", () => decodeStream(framed('{"type":')), "invalid_message", "invalid_json"],
  ["trailing garbage", () => decodeStream(framed('{"type":"ping"}x')), "invalid_message", "invalid_json"],
  ["NUL bytes", () => decodeStream(framed(new Uint8Array(8))), "invalid_message", "invalid_json"],
  ["byte-order mark", () => decodeStream(framed("\uFEFF{}")), "invalid_message", "invalid_json"],
  ["single quotes", () => decodeStream(framed("{'type':'ping'}")), "invalid_message", "invalid_json"],
  [
    "arrays nested 10^5 deep",
    () => decodeStream(framed("[".repeat(100_000) + "]".repeat(100_000))),
    "invalid_message",
    "too_deep",
  ],
  [
    "objects nested 10^5 deep",
    () => decodeStream(framed(`${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`)),
    "invalid_message",
    "too_deep",
  ],
  [
    "__proto__ key",
    () => decodeStream(framed('{"__proto__":{"admin":true}}')),
    "invalid_message",
    "forbidden_key",
  ],
  [
    "escaped __proto__ key",
    () => decodeStream(framed('{"type":"x","\\u005f_proto__":{"admin":true}}')),
    "invalid_message",
    "forbidden_key",
  ],
  [
    "constructor.prototype keys",
    () => decodeStream(framed('{"constructor":{"prototype":{"admin":true}}}')),
    "invalid_message",
    "forbidden_key",
  ],
  [
    "sending 1 MiB + 1",
    () => thrown(() => encodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1))),
    "frame_too_large",
  ],
];

describe("bad input at the wire level", () => {
  it.each(cases)("%s", (_name, run, code, reason) => {
    const error = run();
    expect(isLairError(error)).toBe(true);
    expect(error?.code).toBe(code);
    if (reason) expect(error?.details).toMatchObject({ reason });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it("a good stream decodes (the harness itself can succeed)", () => {
    expect(decodeStream(framed('{"type":"ping"}'))).toBeUndefined();
  });
});
