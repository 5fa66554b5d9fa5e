import { LairError } from "@lair-chat/protocol";
import { describe, expect, it } from "vitest";
import { avatarColor, errorText, formatTime, initials } from "./format.ts";

describe("format", () => {
  it("shows the time alone for today and the day for older messages", () => {
    const now = new Date(2026, 2, 4, 15, 0);
    const today = formatTime(new Date(2026, 2, 4, 9, 5).toISOString(), now);
    const earlier = formatTime(new Date(2026, 2, 1, 9, 5).toISOString(), now);
    expect(earlier.endsWith(today)).toBe(true);
    expect(earlier.length).toBeGreaterThan(today.length);
    expect(formatTime("not a date", now)).toBe("");
  });

  it("gives each user one colour and readable initials", () => {
    expect(avatarColor("user-1")).toBe(avatarColor("user-1"));
    expect(avatarColor("user-1")).not.toBe(avatarColor("user-2"));
    expect(initials("alice")).toBe("AL");
    expect(initials("mary_jane")).toBe("MJ");
  });

  it("turns errors into sentences a person can act on", () => {
    expect(errorText(new LairError("network_error"))).toMatch(/reach the server/);
    expect(errorText(new LairError("username_taken", { message: "Username is already taken" }))).toBe(
      "Username is already taken",
    );
    expect(errorText(new Error("boom"))).toBe("boom");
    expect(errorText("weird")).toBe("Something went wrong.");
  });
});
