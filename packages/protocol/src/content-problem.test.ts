import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentProblem } from "./content-problem.ts";
import { MESSAGE_CONTENT_MAX_BYTES } from "./limits.ts";
import { MessageContentSchema } from "./schemas/message.ts";
import { utf8ByteLength } from "./utf8-byte-length.ts";

const utf8 = new TextEncoder();

describe("contentProblem", () => {
  it("refuses blank content", () => {
    for (const blank of ["", " ", "\n\t", "\u00a0\u2003"])
      expect(contentProblem(blank)).toBe("content cannot be empty");
    expect(contentProblem(" x ")).toBeUndefined();
  });

  it("counts the limit in UTF-8 bytes", () => {
    expect(contentProblem("é".repeat(MESSAGE_CONTENT_MAX_BYTES / 2))).toBeUndefined();
    expect(contentProblem("é".repeat(MESSAGE_CONTENT_MAX_BYTES / 2 + 1))).toBe(
      `content must be at most ${MESSAGE_CONTENT_MAX_BYTES} bytes`,
    );
    expect(contentProblem("😀".repeat(MESSAGE_CONTENT_MAX_BYTES / 4))).toBeUndefined();
    expect(contentProblem(`${"😀".repeat(MESSAGE_CONTENT_MAX_BYTES / 4)}a`)).toBeDefined();
  });

  it("is the rule MessageContentSchema applies", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 5000 }), fc.string({ unit: "grapheme", maxLength: 1500 })),
        (text) => {
          expect(MessageContentSchema.safeParse(text).success).toBe(contentProblem(text) === undefined);
        },
      ),
    );
  });
});

describe("utf8ByteLength", () => {
  it("agrees with TextEncoder, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        expect(utf8ByteLength(text)).toBe(utf8.encode(text).length);
      }),
    );
  });
});
