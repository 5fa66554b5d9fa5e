import type { TimelineItem } from "@lair-chat/client";
import { describe, expect, it } from "vitest";
import { type DisplayLine, formatSize, itemLines } from "./message-lines.ts";

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

  it("shows each attachment's name, kind and size under the text", () => {
    const png = { id: "a1", name: "holiday.png", mime_type: "image/png", size: 5000, sha256: "0".repeat(64) };
    const pdf = {
      id: "a2",
      name: "report.pdf",
      mime_type: "application/pdf",
      size: 2_500_000,
      sha256: "1".repeat(64),
    };
    const lines = itemLines(
      item("look", { message: { ...item("").message, content: "look", attachments: [png, pdf] } }),
      60,
      context,
    );
    expect(text(lines)).toEqual([
      "12:34 bob look",
      "          [image] holiday.png (4.9 KiB)",
      "          [file] report.pdf (2.4 MiB)",
    ]);
  });

  it("puts a file sent without a caption where the text goes, and sanitizes its name", () => {
    const evil = {
      id: "a3",
      name: "x\u001b[2Jy.bin",
      mime_type: "application/octet-stream",
      size: 12,
      sha256: "2".repeat(64),
    };
    const lines = itemLines(item("", { message: { ...item("").message, attachments: [evil] } }), 60, context);
    expect(text(lines)).toEqual(["12:34 bob [file] xy.bin (12 B)"]);
    expect(JSON.stringify(lines)).not.toContain("\\u001b");
  });

  it("cuts a long attachment line to the pane", () => {
    const long = {
      id: "a4",
      name: `${"n".repeat(80)}.txt`,
      mime_type: "text/plain",
      size: 1,
      sha256: "3".repeat(64),
    };
    const lines = itemLines(
      item("hi", { message: { ...item("").message, content: "hi", attachments: [long] } }),
      40,
      context,
    );
    expect(text(lines)[1]!.length).toBeLessThanOrEqual(40);
    expect(text(lines)[1]!.startsWith("          [file] nnn")).toBe(true);
  });

  it("formats sizes in B, KiB and MiB", () => {
    expect([
      formatSize(0),
      formatSize(1023),
      formatSize(1024),
      formatSize(15 * 1024),
      formatSize(10 * 1024 * 1024),
    ]).toEqual(["0 B", "1023 B", "1.0 KiB", "15 KiB", "10 MiB"]);
  });

  it("colours the signed-in user's own name differently", () => {
    const mine = itemLines(item("x", {}, "u-alice"), 40, context)[0]!;
    const theirs = itemLines(item("x"), 40, context)[0]!;
    expect(mine[1]!.style).not.toBe(theirs[1]!.style);
  });
});
