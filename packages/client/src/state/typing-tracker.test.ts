import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TypingTracker } from "./typing-tracker.ts";

describe("TypingTracker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("expires typing users and refreshes on repeat events", () => {
    const changes: string[] = [];
    const t = new TypingTracker(5000, (c) => changes.push(c));
    t.typing("room:r", "a");
    vi.advanceTimersByTime(3000);
    t.typing("room:r", "b");
    t.typing("room:r", "a");
    expect(t.get("room:r")).toEqual(["a", "b"]);
    vi.advanceTimersByTime(4999);
    expect(t.get("room:r")).toEqual(["a", "b"]);
    vi.advanceTimersByTime(1);
    expect(t.get("room:r")).toEqual([]);
    expect(changes).toEqual(["room:r", "room:r", "room:r", "room:r"]);
  });

  it("stops a user at once and clears everything", () => {
    const t = new TypingTracker(5000, () => {});
    t.typing("room:r", "a");
    t.typing("room:s", "b");
    t.stopped("room:r", "a");
    expect(t.get("room:r")).toEqual([]);
    t.clear();
    expect(t.get("room:s")).toEqual([]);
  });
});
