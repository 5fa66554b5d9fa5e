import { describe, expect, it } from "vitest";
import { chatLayout, fitsChat, MIN_COLUMNS, MIN_ROWS } from "./layout.ts";

describe("chatLayout", () => {
  it("puts the title on top, status and input at the bottom", () => {
    const layout = chatLayout(120, 40);
    expect(layout.title).toEqual({ x: 0, y: 0, width: 120, height: 1 });
    expect(layout.status).toEqual({ x: 0, y: 38, width: 120, height: 1 });
    expect(layout.input).toEqual({ x: 0, y: 39, width: 120, height: 1 });
    expect(layout.chat.y).toBe(1);
    expect(layout.chat.height).toBe(37);
  });

  it("tiles rooms, separators, chat and members across the full width", () => {
    const layout = chatLayout(120, 40);
    const rooms = layout.rooms!;
    const members = layout.members!;
    expect(rooms.x).toBe(0);
    expect(layout.separators).toEqual([rooms.width, members.x - 1]);
    expect(layout.chat.x).toBe(rooms.width + 1);
    expect(layout.chat.x + layout.chat.width).toBe(members.x - 1);
    expect(members.x + members.width).toBe(120);
  });

  it("drops the members panel first, then the room list, as the terminal narrows", () => {
    const medium = chatLayout(80, 24);
    expect(medium.rooms).toBeDefined();
    expect(medium.members).toBeUndefined();
    expect(medium.chat.x + medium.chat.width).toBe(80);
    const narrow = chatLayout(50, 24);
    expect(narrow.rooms).toBeUndefined();
    expect(narrow.chat).toEqual({ x: 0, y: 1, width: 50, height: 21 });
    expect(narrow.separators).toEqual([]);
  });

  it("leaves the members panel out when asked", () => {
    expect(chatLayout(120, 40, { members: false }).members).toBeUndefined();
  });

  it("keeps every rectangle inside the screen at any supported size", () => {
    for (let columns = MIN_COLUMNS; columns <= 220; columns += 7) {
      for (let rows = MIN_ROWS; rows <= 70; rows += 9) {
        const layout = chatLayout(columns, rows);
        for (const rect of [
          layout.title,
          layout.rooms,
          layout.chat,
          layout.members,
          layout.status,
          layout.input,
        ]) {
          if (!rect) continue;
          expect(rect.width).toBeGreaterThan(0);
          expect(rect.height).toBeGreaterThan(0);
          expect(rect.x + rect.width).toBeLessThanOrEqual(columns);
          expect(rect.y + rect.height).toBeLessThanOrEqual(rows);
        }
        expect(layout.chat.width).toBeGreaterThanOrEqual(20);
      }
    }
  });

  it("refuses a terminal below the minimum", () => {
    expect(fitsChat(MIN_COLUMNS - 1, 30)).toBe(false);
    expect(fitsChat(80, MIN_ROWS - 1)).toBe(false);
    expect(() => chatLayout(20, 5)).toThrow(RangeError);
  });
});
