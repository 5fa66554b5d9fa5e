import { describe, expect, it } from "vitest";
import { Scrollback } from "./scrollback.ts";

describe("Scrollback", () => {
  it("shows the newest lines by default", () => {
    const scroll = new Scrollback();
    expect(scroll.window(100, 10, 80)).toEqual({ start: 90, end: 100 });
    expect(scroll.atBottom).toBe(true);
  });

  it("pages up and down, keeping a line of context, within bounds", () => {
    const scroll = new Scrollback();
    scroll.window(25, 10, 80);
    expect(scroll.pageUp(10)).toBe(false);
    expect(scroll.window(25, 10, 80)).toEqual({ start: 6, end: 16 });
    expect(scroll.pageUp(10)).toBe(true);
    expect(scroll.window(25, 10, 80)).toEqual({ start: 0, end: 10 });
    scroll.pageDown(10);
    scroll.pageDown(10);
    scroll.pageDown(10);
    expect(scroll.atBottom).toBe(true);
  });

  it("keeps a scrolled-up reader on the same lines when new ones arrive below", () => {
    const scroll = new Scrollback();
    scroll.window(50, 10, 80);
    scroll.pageUp(10);
    const before = scroll.window(50, 10, 80);
    expect(scroll.window(53, 10, 80)).toEqual(before);
  });

  it("keeps the view when older lines are loaded above", () => {
    const scroll = new Scrollback();
    scroll.window(20, 10, 80);
    scroll.pageUp(10);
    scroll.pageUp(10);
    expect(scroll.window(20, 10, 80)).toEqual({ start: 0, end: 10 });
    scroll.expectPrepend();
    // 30 older lines arrive: the same content is now at 30..40.
    expect(scroll.window(50, 10, 80)).toEqual({ start: 30, end: 40 });
  });

  it("follows new lines when at the bottom", () => {
    const scroll = new Scrollback();
    scroll.window(10, 10, 80);
    expect(scroll.window(15, 10, 80)).toEqual({ start: 5, end: 15 });
  });
});
