import { describe, expect, it } from "vitest";
import { conversationFromHash, hashOf, roomOf, targetOf } from "./routes.ts";

describe("routes", () => {
  it("round-trips rooms and direct conversations through the URL hash", () => {
    expect(hashOf("room:r1", "me")).toBe("#/room/r1");
    expect(conversationFromHash("#/room/r1", "me")).toBe("room:r1");
    // The DM key sorts the two ids; the hash names only the other person.
    expect(hashOf("dm:alice:zed", "zed")).toBe("#/dm/alice");
    expect(conversationFromHash("#/dm/alice", "zed")).toBe("dm:alice:zed");
    expect(conversationFromHash("#/dm/zed", "alice")).toBe("dm:alice:zed");
  });

  it("ignores hashes that name nothing valid", () => {
    expect(conversationFromHash("", "me")).toBeUndefined();
    expect(conversationFromHash("#/room/r1", undefined)).toBeUndefined();
    expect(conversationFromHash("#/room/bad%2Fid", "me")).toBeUndefined();
    expect(conversationFromHash("#/room/%E0%A4%A", "me")).toBeUndefined();
    expect(conversationFromHash("#/elsewhere/r1", "me")).toBeUndefined();
  });

  it("gives the target of a conversation from our side", () => {
    expect(targetOf("room:r1", "me")).toEqual({ type: "room", room_id: "r1" });
    expect(targetOf("dm:a:me", "me")).toEqual({ type: "dm", recipient: "a" });
    expect(targetOf("dm:a:b", "me")).toBeUndefined();
    expect(roomOf("room:r1")).toBe("r1");
    expect(roomOf("dm:a:b")).toBeUndefined();
  });
});
