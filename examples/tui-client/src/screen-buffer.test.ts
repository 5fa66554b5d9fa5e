import { describe, expect, it } from "vitest";
import { Renderer } from "./renderer.ts";
import { ScreenBuffer } from "./screen-buffer.ts";

describe("ScreenBuffer", () => {
  it("writes clipped text and reports the columns used", () => {
    const buffer = new ScreenBuffer(10, 2);
    expect(buffer.write(0, 2, "hello world")).toBe(8);
    expect(buffer.rowText(0)).toBe("  hello wo");
    expect(buffer.write(1, 0, "abcdef", "", 3)).toBe(3);
    expect(buffer.rowText(1)).toBe("abc       ");
  });

  it("sanitizes whatever is written", () => {
    const buffer = new ScreenBuffer(12, 1);
    buffer.write(0, 0, "a\u001b[2Jb\u0007c\nd");
    expect(buffer.rowText(0)).toBe("abc d       ");
    expect(buffer.rowAnsi(0)).not.toContain("\u001b[2J");
  });

  it("gives a wide character two cells and never half of one", () => {
    const buffer = new ScreenBuffer(5, 1);
    expect(buffer.write(0, 0, "世界世")).toBe(5);
    expect(buffer.rowText(0)).toBe("世界 ");
    buffer.write(0, 1, "x");
    expect(buffer.rowText(0)).toBe(" x界 ");
  });

  it("joins combining marks to the character before them", () => {
    const buffer = new ScreenBuffer(3, 1);
    buffer.write(0, 0, "e\u0301x");
    expect(buffer.rowText(0)).toBe("e\u0301x ");
  });

  it("emits SGR only where the style changes and resets at the end", () => {
    const buffer = new ScreenBuffer(4, 1);
    buffer.write(0, 0, "ab", "1");
    expect(buffer.rowAnsi(0)).toBe("\u001b[0m\u001b[1mab\u001b[0m  ");
  });
});

describe("Renderer", () => {
  it("draws everything first, then only the rows that changed", () => {
    const renderer = new Renderer();
    const first = new ScreenBuffer(5, 3);
    first.write(0, 0, "one");
    first.write(1, 0, "two");
    const full = renderer.frame(first);
    expect(full).toContain("\u001b[2J");
    expect(full).toContain("\u001b[1;1Hone");
    expect(full).toContain("\u001b[2;1Htwo");
    const second = new ScreenBuffer(5, 3);
    second.write(0, 0, "one");
    second.write(1, 0, "TWO");
    const diff = renderer.frame(second, { row: 2, col: 1 });
    expect(diff).not.toContain("\u001b[2J");
    expect(diff).not.toContain("one");
    expect(diff).toContain("\u001b[2;1HTWO");
    expect(diff.endsWith("\u001b[3;2H\u001b[?25h")).toBe(true);
  });

  it("redraws in full after a resize or invalidate", () => {
    const renderer = new Renderer();
    renderer.frame(new ScreenBuffer(5, 2));
    expect(renderer.frame(new ScreenBuffer(6, 2))).toContain("\u001b[2J");
    renderer.invalidate();
    expect(renderer.frame(new ScreenBuffer(6, 2))).toContain("\u001b[2J");
    expect(renderer.frame(new ScreenBuffer(6, 2))).not.toContain("\u001b[2J");
  });
});
