import { describe, expect, it } from "vitest";
import { SequenceTracker } from "./sequence-tracker.ts";

describe("SequenceTracker", () => {
  it("reports next, old and gaps, and snapshots for resume", () => {
    const s = new SequenceTracker();
    expect(s.observe("room:a", 4)).toEqual({ kind: "first" });
    expect(s.observe("room:a", 5)).toEqual({ kind: "next" });
    expect(s.observe("room:a", 5)).toEqual({ kind: "old" });
    expect(s.observe("room:a", 9)).toEqual({ kind: "gap", from: 6, to: 8 });
    s.advance("room:b", 3);
    s.advance("room:b", 2);
    expect(s.snapshot()).toEqual({ "room:a": 9, "room:b": 3 });
    s.forget("room:a");
    expect(s.get("room:a")).toBeUndefined();
  });
});

describe("SequenceTracker holes", () => {
  it("resumes from before an unfilled hole until it is filled", () => {
    const s = new SequenceTracker();
    s.observe("room:a", 10);
    s.observe("room:a", 15);
    s.markHole("room:a", 10);
    s.observe("room:a", 16);
    expect(s.snapshot()).toEqual({ "room:a": 10 });
    s.fillHole("room:a", 10);
    expect(s.snapshot()).toEqual({ "room:a": 16 });
  });
});
