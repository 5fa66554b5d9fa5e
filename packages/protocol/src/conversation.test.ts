import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  conversationKey,
  dmConversationKey,
  isConversationKey,
  parseConversationKey,
  roomConversationKey,
} from "./conversation.ts";
import { ConversationKeySchema } from "./schemas/conversation-key.ts";

const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);

describe("conversation keys", () => {
  it("both DM parties compute the same key, whatever the spelling", () => {
    fc.assert(
      fc.property(id, id, (a, b) => {
        const fromA = conversationKey({ type: "dm", recipient: b }, a);
        const fromB = conversationKey({ type: "direct_message", recipient: a }, b);
        expect(fromA).toBe(fromB);
        expect(fromA).toBe(dmConversationKey(b, a));
        const parsed = parseConversationKey(fromA);
        expect(parsed?.type).toBe("dm");
        expect(parsed?.type === "dm" && [...parsed.userIds].sort()).toEqual([a, b].sort());
      }),
    );
  });

  it("room keys round-trip", () => {
    fc.assert(
      fc.property(id, (roomId) => {
        const key = conversationKey({ type: "room", room_id: roomId }, "me");
        expect(key).toBe(`room:${roomId}`);
        expect(parseConversationKey(key)).toEqual({ type: "room", roomId });
        expect(ConversationKeySchema.safeParse(key).success).toBe(true);
      }),
    );
  });

  it("refuses non-canonical and malformed keys", () => {
    for (const key of ["dm:b:a", "room:", "room:a:b", "dm:a", "chan:x", "room:a b", "", "dm:a:b:c"]) {
      expect(parseConversationKey(key)).toBeUndefined();
      expect(isConversationKey(key)).toBe(false);
    }
    expect(parseConversationKey("dm:a:a")).toEqual({ type: "dm", userIds: ["a", "a"] });
  });

  it("throws TypeError on bad arguments", () => {
    expect(() => roomConversationKey("a:b")).toThrow(TypeError);
    expect(() => dmConversationKey("", "b")).toThrow(TypeError);
    expect(() => conversationKey({ type: "group" } as never, "me")).toThrow(TypeError);
  });
});
