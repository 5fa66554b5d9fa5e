/** The strict checker of the contract tests must be able to fail: unknown keys, missing keys, unknown types. */
import { UserSchema } from "@lair-chat/protocol";
import { describe, expect, it } from "vitest";
import { frameProblems, strictProblems } from "./contract-strict.ts";

describe("contract-strict", () => {
  it("the strict check catches unknown and missing keys", () => {
    const user = { id: "u1", username: "x", email: "", role: "user", created_at: "2025-01-01T00:00:00Z" };
    const full = { ...user, updated_at: user.created_at, last_seen_at: null };
    expect(strictProblems(UserSchema, full, "user")).toEqual([]);
    expect(strictProblems(UserSchema, user, "user")).not.toEqual([]);
    expect(strictProblems(UserSchema, { ...full, extra: 1 }, "user")).toEqual(["user: unknown key $.extra"]);
    expect(frameProblems({ type: "pong", server_time: user.created_at, surprise: true })).toHaveLength(1);
    expect(frameProblems({ type: "no_such_message" })).toHaveLength(1);
  });
});
