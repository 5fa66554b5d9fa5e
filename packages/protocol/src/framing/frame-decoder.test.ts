import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLairError } from "../errors/lair-error.ts";
import { MAX_FRAME_BYTES } from "../limits.ts";
import { encodeFrame } from "./encode-frame.ts";
import { FrameDecoder } from "./frame-decoder.ts";

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Cut `bytes` at the given (unsorted, possibly repeated) positions. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(start, point));
    start = point;
  }
  return chunks;
}

function decodeAll(chunks: Uint8Array[], decoder = new FrameDecoder()): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (const chunk of chunks) {
    const result = decoder.push(chunk);
    expect(result.error).toBeUndefined();
    // Copy: the decoder may hand out views of the chunk.
    frames.push(...result.frames.map((f) => Uint8Array.from(f)));
  }
  expect(decoder.end()).toBeUndefined();
  return frames;
}

const payloads = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 });

describe("encodeFrame", () => {
  it("writes a 4-byte big-endian length (TCP.md example)", () => {
    const frame = encodeFrame('{"type":"ping"}');
    expect(Array.from(frame.subarray(0, 4))).toEqual([0, 0, 0, 15]);
    expect(new TextDecoder().decode(frame.subarray(4))).toBe('{"type":"ping"}');
  });

  it("encodes strings as UTF-8 and counts bytes, not characters", () => {
    const frame = encodeFrame("é🦀");
    expect(new DataView(frame.buffer).getUint32(0)).toBe(6);
  });

  it("accepts exactly the cap and refuses one byte more", () => {
    expect(encodeFrame(new Uint8Array(MAX_FRAME_BYTES)).length).toBe(MAX_FRAME_BYTES + 4);
    let error: unknown;
    try {
      encodeFrame(new Uint8Array(MAX_FRAME_BYTES + 1));
    } catch (e) {
      error = e;
    }
    expect(isLairError(error) && error.code).toBe("frame_too_large");
  });

  it("rejects bad arguments with TypeError/RangeError", () => {
    expect(() => encodeFrame(42 as unknown as string)).toThrow(TypeError);
    expect(() => encodeFrame("x", -1)).toThrow(RangeError);
    expect(() => new FrameDecoder({ maxFrameBytes: 1.5 })).toThrow(RangeError);
  });
});

describe("FrameDecoder", () => {
  it("round-trips any payload list under random chunking", () => {
    fc.assert(
      fc.property(payloads, fc.array(fc.nat(), { maxLength: 40 }), (list, cuts) => {
        const stream = concat(list.map((p) => encodeFrame(p)));
        expect(decodeAll(split(stream, cuts))).toEqual(list);
      }),
    );
  });

  it("round-trips one byte at a time and all coalesced", () => {
    fc.assert(
      fc.property(payloads, (list) => {
        const stream = concat(list.map((p) => encodeFrame(p)));
        const bytes = Array.from(stream, (b) => Uint8Array.of(b));
        expect(decodeAll(bytes)).toEqual(list);
        expect(decodeAll([stream])).toEqual(list);
      }),
    );
  });

  it("delivers an empty frame (length 0) as an empty payload", () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Uint8Array.of(0, 0, 0)).frames).toEqual([]);
    const { frames, error } = decoder.push(Uint8Array.of(0));
    expect(error).toBeUndefined();
    expect(frames).toEqual([new Uint8Array(0)]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it("refuses a header over the cap as soon as the 4 bytes are in", () => {
    for (const header of [
      [0xff, 0xff, 0xff, 0xff],
      [0x00, 0x10, 0x00, 0x01], // 1 MiB + 1
    ]) {
      const decoder = new FrameDecoder();
      expect(decoder.push(Uint8Array.from(header.slice(0, 3))).error).toBeUndefined();
      const { frames, error } = decoder.push(Uint8Array.from(header.slice(3)));
      expect(frames).toEqual([]);
      expect(error?.code).toBe("frame_too_large");
      expect(error?.details).toMatchObject({ max: MAX_FRAME_BYTES });
      // Nothing was allocated for the payload.
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it("accepts a header of exactly the cap and waits for the payload", () => {
    const decoder = new FrameDecoder();
    const result = decoder.push(Uint8Array.of(0x00, 0x10, 0x00, 0x00));
    expect(result).toEqual({ frames: [] });
    expect(decoder.bufferedBytes).toBe(4);
  });

  it("returns the frames before a bad header, then stays poisoned", () => {
    const decoder = new FrameDecoder({ maxFrameBytes: 10 });
    const good = encodeFrame("hi", 10);
    const { frames, error } = decoder.push(concat([good, Uint8Array.of(0, 0, 0, 11), good]));
    expect(frames.map((f) => new TextDecoder().decode(f))).toEqual(["hi"]);
    expect(error?.code).toBe("frame_too_large");
    const later = decoder.push(good);
    expect(later.frames).toEqual([]);
    expect(later.error).toBe(error);
    expect(decoder.error).toBe(error);
    expect(decoder.end()).toBe(error);
  });

  it("reports a truncated frame at end of stream", () => {
    for (const partial of [Uint8Array.of(0, 0), Uint8Array.of(0, 0, 0, 5), Uint8Array.of(0, 0, 0, 5, 1, 2)]) {
      const decoder = new FrameDecoder();
      expect(decoder.push(partial).error).toBeUndefined();
      const error = decoder.end();
      expect(error?.code).toBe("invalid_message");
      expect(error?.details).toMatchObject({ reason: "truncated_frame" });
    }
  });

  it("never throws on arbitrary bytes and always answers with frames or a typed error", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
        fc.nat(300),
        (chunks, cap) => {
          const decoder = new FrameDecoder({ maxFrameBytes: cap });
          for (const chunk of chunks) {
            const result = decoder.push(chunk);
            expect(Array.isArray(result.frames)).toBe(true);
            for (const frame of result.frames) expect(frame.length).toBeLessThanOrEqual(cap);
            if (result.error) expect(isLairError(result.error)).toBe(true);
          }
          const end = decoder.end();
          if (end) expect(["frame_too_large", "invalid_message"]).toContain(end.code);
        },
      ),
    );
  });
});
