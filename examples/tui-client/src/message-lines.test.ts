import type { TimelineItem } from "@lair-chat/client";
import { describe, expect, it } from "vitest";
import { type DisplayLine, itemLines } from "./message-lines.ts";

function item(content: string, extra: Partial<TimelineItem> = {}, author = "u-bob"): TimelineItem {
  return {
    key: "k1",
    status: "sent",
    message: {
      id: "m1",
      author,
      target: { type: "room", room_id: "r1" },
      content,
      edited: false,
      created_at: "2025-01-02T03:04:05Z",
    },
    ...extra,
  } as TimelineItem;
}

const context = {
  selfId: "u-alice",
  username: (id: string, hint?: string) => hint ?? (id === "u-alice" ? "alice" : "bob"),
  time: () => "12:34",
};

const text = (lines: DisplayLine[]) => lines.map((line) => line.map((s) => s.text).join(""));

describe("itemLines", () => {
  it("shows time, name and text, wrapping under the text", () => {
    const lines = itemLines(item("the quick brown fox jumps over the lazy dog"), 30, context);
    expect(text(lines)).toEqual([
      "12:34 bob the quick brown fox",
      "          jumps over the lazy",
      "          dog",
    ]);
  });

  it("strips escape sequences from the text and from the author's name", () => {
    const lines = itemLines(
      item("a\u001b[2J\u001b]0;title\u0007b\nnext", { authorUsername: "ev\u001b[31mil" }),
      40,
      context,
    );
    expect(text(lines)).toEqual(["12:34 evil ab", "           next"]);
    expect(JSON.stringify(lines)).not.toContain("\\u001b");
  });

  it("marks pending messages and explains failed ones", () => {
    expect(text(itemLines(item("hi", { status: "pending" }), 40, context))).toEqual(["12:34 bob hi …"]);
    const failed = itemLines(
      item("hi", { status: "failed", error: { code: "not_room_member", message: "Not a member" } }),
      40,
      context,
    );
    expect(text(failed)).toEqual(["12:34 bob hi", "          ✗ not sent: Not a member"]);
  });

  it("puts the text under the name when the pane is narrow", () => {
    const lines = itemLines(item("hello world"), 16, context);
    expect(text(lines)).toEqual(["12:34 bob ", "  hello world"]);
  });

  it("colours the signed-in user's own name differently", () => {
    const mine = itemLines(item("x", {}, "u-alice"), 40, context)[0]!;
    const theirs = itemLines(item("x"), 40, context)[0]!;
    expect(mine[1]!.style).not.toBe(theirs[1]!.style);
  });
});
