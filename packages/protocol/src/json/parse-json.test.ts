import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLairError } from "../errors/lair-error.ts";
import { decodeJsonFrame, encodeJsonFrame } from "./decode-json-frame.ts";
import { decodeUtf8Strict } from "./decode-utf8-strict.ts";
import { parseJson } from "./parse-json.ts";

const utf8 = new TextEncoder();

function reasonOf(result: ReturnType<typeof parseJson>): unknown {
  if (result.ok) return "ok";
  expect(result.error.code).toBe("invalid_message");
  return result.error.details?.reason;
}

describe("decodeUtf8Strict", () => {
  it("decodes valid UTF-8 and refuses invalid sequences", () => {
    expect(decodeUtf8Strict(utf8.encode("héllo 🦀"))).toEqual({ ok: true, value: "héllo 🦀" });
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x61, 0x80]]) {
      const result = decodeUtf8Strict(Uint8Array.from(bad));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.details).toMatchObject({ reason: "invalid_utf8" });
    }
  });

  it("keeps a byte-order mark instead of silently dropping it", () => {
    const result = decodeUtf8Strict(Uint8Array.of(0xef, 0xbb, 0xbf, 0x31));
    expect(result).toEqual({ ok: true, value: "\uFEFF1" });
    expect(decodeJsonFrame(Uint8Array.of(0xef, 0xbb, 0xbf, 0x31)).ok).toBe(false);
  });
});

describe("parseJson", () => {
  it("parses ordinary JSON", () => {
    expect(parseJson('{"type":"ping","n":[1,2,{"a":null}]}')).toEqual({
      ok: true,
      value: { type: "ping", n: [1, 2, { a: null }] },
    });
  });

  it("accepts exactly maxDepth levels and refuses one more", () => {
    expect(parseJson(`${"[".repeat(32)}${"]".repeat(32)}`).ok).toBe(true);
    expect(reasonOf(parseJson(`${"[".repeat(33)}${"]".repeat(33)}`))).toBe("too_deep");
    expect(reasonOf(parseJson('{"a":{"b":{}}}', { maxDepth: 2 }))).toBe("too_deep");
    expect(parseJson('{"a":{"b":{}}}', { maxDepth: 3 }).ok).toBe(true);
  });

  it("refuses 10^5 levels of nesting without building them", () => {
    expect(reasonOf(parseJson("[".repeat(100_000) + "]".repeat(100_000)))).toBe("too_deep");
    expect(reasonOf(parseJson('{"a":'.repeat(100_000)))).toBe("too_deep");
    // Unbalanced closers cannot hide depth that follows them.
    expect(reasonOf(parseJson("]".repeat(100_000) + "[".repeat(100_000)))).toBe("invalid_json");
  });

  it("does not count brackets inside strings, including after escaped quotes", () => {
    const deepLooking = JSON.stringify({ s: `\\"${"[{".repeat(1000)}` });
    expect(parseJson(deepLooking)).toEqual({ ok: true, value: { s: `\\"${"[{".repeat(1000)}` } });
  });

  it("refuses __proto__, constructor and prototype keys, however they are spelled", () => {
    for (const text of [
      '{"__proto__":{"polluted":true}}',
      '{"a":[{"__proto__":null}]}',
      '{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"x":{"prototype":1}}',
    ]) {
      const result = parseJson(text);
      expect(reasonOf(result)).toBe("forbidden_key");
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("allows those words as values and inside other keys", () => {
    expect(parseJson('{"content":"__proto__ constructor prototype","my_prototype":1}')).toEqual({
      ok: true,
      value: { content: "__proto__ constructor prototype", my_prototype: 1 },
    });
    expect(parseJson('{"a":"\\n"}')).toEqual({ ok: true, value: { a: "\n" } });
  });

  it("refuses non-JSON with a typed error", () => {
    for (const text of ["", " ", "{", "{'a':1}", "NaN", "[1,]", '{"a":1}x', "\uFEFF{}"]) {
      expect(reasonOf(parseJson(text))).toBe("invalid_json");
    }
  });

  it("rejects bad arguments", () => {
    expect(() => parseJson(1 as unknown as string)).toThrow(TypeError);
    expect(() => parseJson("{}", { maxDepth: 0 })).toThrow(RangeError);
    expect(() => decodeJsonFrame("{}" as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => encodeJsonFrame(undefined)).toThrow(TypeError);
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const result = parseJson(text);
        if (!result.ok) expect(isLairError(result.error)).toBe(true);
      }),
    );
  });

  it("never throws on arbitrary JSON-ish text built from structural characters", () => {
    const piece = fc.constantFrom("{", "}", "[", "]", '"', "\\", ":", ",", "1", "a", "__proto__", " ");
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 200 }),
        fc.integer({ min: 1, max: 40 }),
        (pieces, maxDepth) => {
          const result = parseJson(pieces.join(""), { maxDepth });
          if (!result.ok) expect(isLairError(result.error)).toBe(true);
        },
      ),
    );
  });

  it("round-trips arbitrary JSON values within the depth cap", () => {
    fc.assert(
      fc.property(
        fc
          .jsonValue({ maxDepth: 10 })
          .filter((v) => !/"(__proto__|constructor|prototype)":/.test(JSON.stringify(v))),
        (value) => {
          const result = decodeJsonFrame(encodeJsonFrame(value));
          expect(result).toEqual({ ok: true, value: JSON.parse(JSON.stringify(value)) });
        },
      ),
    );
  });
});

describe("decodeJsonFrame", () => {
  it("never throws on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = decodeJsonFrame(bytes);
        if (!result.ok) expect(result.error.code).toBe("invalid_message");
      }),
    );
  });
});
