import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { textWidth } from "./text-width.ts";
import { fit, truncate, wrapLine, wrapLines } from "./wrap.ts";

describe("textWidth", () => {
  it("counts wide characters twice and combining marks not at all", () => {
    expect(textWidth("abc")).toBe(3);
    expect(textWidth("世界")).toBe(4);
    expect(textWidth("👋")).toBe(2);
    expect(textWidth("e\u0301")).toBe(1);
    expect(textWidth("")).toBe(0);
  });
});

describe("truncate and fit", () => {
  it("cuts with an ellipsis only when needed", () => {
    expect(truncate("hello", 5)).toBe("hello");
    expect(truncate("hello world", 6)).toBe("hello…");
    expect(truncate("hello", 0)).toBe("");
  });

  it("never splits a wide character", () => {
    expect(truncate("世界世界", 4)).toBe("世…");
    expect(textWidth(truncate("世界世界", 4))).toBeLessThanOrEqual(4);
  });

  it("pads to the exact width", () => {
    expect(fit("ab", 4)).toBe("ab  ");
    expect(fit("世", 3)).toBe("世 ");
    expect(fit("abcdef", 4)).toBe("abc…");
  });

  it("rejects a negative width", () => {
    expect(() => truncate("x", -1)).toThrow(RangeError);
  });
});

describe("wrapLine", () => {
  it("breaks between words", () => {
    expect(wrapLine("the quick brown fox jumps", 10)).toEqual(["the quick", "brown fox", "jumps"]);
  });

  it("splits a word longer than a line", () => {
    expect(wrapLine("abcdefghij klm", 4)).toEqual(["abcd", "efgh", "ij", "klm"]);
  });

  it("keeps spacing inside a line and drops it at a break", () => {
    expect(wrapLine("a  b", 10)).toEqual(["a  b"]);
    expect(wrapLine("aaaa    bbbb", 6)).toEqual(["aaaa", "bbbb"]);
  });

  it("counts columns, not code units", () => {
    expect(wrapLine("世界 世界 世界", 5)).toEqual(["世界", "世界", "世界"]);
    expect(wrapLine("世界世界", 3)).toEqual(["世", "界", "世", "界"]);
  });

  it("gives one empty line for empty text", () => {
    expect(wrapLine("", 5)).toEqual([""]);
  });

  it("wraps each line of a multi-line body", () => {
    expect(wrapLines(["one two", "three"], 4)).toEqual(["one", "two", "thre", "e"]);
  });

  it("never produces a line wider than the width, and loses no word", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "bb", "ccccccc", "世界", "👋", " ", "  "), { maxLength: 30 }),
        fc.integer({ min: 1, max: 20 }),
        (parts, width) => {
          const text = parts.join("");
          const lines = wrapLine(text, width);
          for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(Math.max(width, 2));
          expect(lines.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""));
        },
      ),
    );
  });
});
