import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64 } from "./base64.ts";

describe("base64", () => {
  it("matches Node's codec (an independent implementation) on random input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
    );
  });

  it("encodes inputs larger than one chunk", () => {
    const big = new Uint8Array(100_000).map((_, i) => i * 7);
    expect(encodeBase64(big)).toBe(Buffer.from(big).toString("base64"));
  });

  it.each([
    ["missing padding", "aGVsbG8"],
    ["URL-safe alphabet", "-_-_"],
    ["whitespace", "aGVs bG8="],
    ["non-canonical trailing bits", "aGVsbG9="],
    ["stray padding", "aGVsbG8=="],
    ["garbage", "not valid base64!!!"],
  ])("rejects %s", (_, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});
