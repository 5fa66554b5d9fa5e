import { LairError } from "@lair-chat/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RequestTracker } from "./request-tracker.ts";

describe("RequestTracker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("resolves on the matching response only", async () => {
    const tracker = new RequestTracker();
    const answer = tracker.wait("r1", "send_message", 1000);
    expect(tracker.settle({ type: "send_message_response", request_id: "other", success: true })).toBe(false);
    expect(tracker.settle({ type: "edit_message_response", request_id: "r1", success: true })).toBe(false);
    expect(
      tracker.settle({ type: "send_message_response", request_id: "r1", success: true, message: 1 }),
    ).toBe(true);
    await expect(answer).resolves.toMatchObject({ message: 1 });
    expect(tracker.size).toBe(0);
  });

  it("rejects with the server's code from a failed response or an error frame", async () => {
    const tracker = new RequestTracker();
    const a = tracker.wait("a", "edit_message", 1000);
    const b = tracker.wait("b", "send_message", 1000);
    tracker.settle({
      type: "edit_message_response",
      request_id: "a",
      success: false,
      error: { code: "not_message_author", message: "nope" },
    });
    tracker.settle({
      type: "error",
      request_id: "b",
      code: "rate_limited",
      message: "slow",
      details: { retry_after: 3 },
    });
    await expect(a).rejects.toMatchObject({ code: "not_message_author", message: "nope" });
    await expect(b).rejects.toMatchObject({ code: "rate_limited", details: { retry_after: 3 } });
  });

  it("times out and fails everything on close", async () => {
    const tracker = new RequestTracker();
    const slow = tracker.wait("s", "join_room", 500);
    const other = tracker.wait("o", "join_room", 5000);
    vi.advanceTimersByTime(500);
    await expect(slow).rejects.toMatchObject({ code: "timeout" });
    tracker.rejectAll(new LairError("connection_closed"));
    await expect(other).rejects.toMatchObject({ code: "connection_closed" });
    expect(() => {
      void tracker.wait("x", "t", 1).catch(() => {});
      void tracker.wait("x", "t", 1);
    }).toThrow(RangeError);
  });
});
