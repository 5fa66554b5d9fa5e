import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeLine, sanitizeText } from "./sanitize.ts";

const ESC = "\u001b";

describe("sanitizeLine", () => {
  it("removes CSI sequences: colours, cursor moves, clears", () => {
    expect(sanitizeLine(`${ESC}[31mred${ESC}[0m`)).toBe("red");
    expect(sanitizeLine(`a${ESC}[2J${ESC}[H${ESC}[10;20Hb`)).toBe("ab");
    expect(sanitizeLine(`x${ESC}[?1049ly`)).toBe("xy");
  });

  it("removes OSC sequences (window title, hyperlinks) ended by BEL or ST", () => {
    expect(sanitizeLine(`${ESC}]0;pwned\u0007name`)).toBe("name");
    expect(sanitizeLine(`${ESC}]8;;http://evil${ESC}\\click${ESC}]8;;${ESC}\\`)).toBe("click");
  });

  it("removes DCS strings, two-byte escapes and 8-bit CSI", () => {
    expect(sanitizeLine(`a${ESC}Pq#0;2;0;0;0${ESC}\\b`)).toBe("ab");
    expect(sanitizeLine(`a${ESC}cb`)).toBe("ab");
    expect(sanitizeLine("a\u009b31mb")).toBe("ab");
  });

  it("drops controls and turns tabs and line breaks into spaces", () => {
    expect(sanitizeLine("a\u0007b\u0000c\u007fd\u0085e")).toBe("abcde");
    expect(sanitizeLine("one\ntwo\tthree\r")).toBe("one two three ");
  });

  it("drops bidi overrides that would reorder a line", () => {
    expect(sanitizeLine("abc\u202edcba\u202c")).toBe("abcdcba");
    expect(sanitizeLine("\u2066x\u2069")).toBe("x");
  });

  it("keeps ordinary text, accents, CJK and emoji", () => {
    const text = "héllo 世界 👋 café";
    expect(sanitizeLine(text)).toBe(text);
  });

  it("never lets an ESC or other control character through, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (input) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the assertion is about controls
        expect(sanitizeLine(input)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }),
    );
  });
});

describe("sanitizeText", () => {
  it("keeps line breaks as separate lines and cleans each", () => {
    expect(sanitizeText(`first${ESC}[1m\r\nsecond\rthird\nfourth\u0007`)).toEqual([
      "first",
      "second",
      "third",
      "fourth",
    ]);
  });

  it("shows tabs as spaces", () => {
    expect(sanitizeText("a\tb")).toEqual(["a  b"]);
  });
});
