import { describe, expect, it } from "vitest";
import { parseClientMessage, parseServerMessage } from "./parse.ts";
import { MessageTargetSchema, normalizeTarget, toHttpTarget } from "./target.ts";

const U = "user_b";

describe("DM target spellings", () => {
  it("accepts dm and direct_message and always yields dm", () => {
    expect(MessageTargetSchema.parse({ type: "direct_message", recipient: U })).toEqual({
      type: "dm",
      recipient: U,
    });
    expect(MessageTargetSchema.parse({ type: "dm", recipient: U })).toEqual({ type: "dm", recipient: U });
    expect(MessageTargetSchema.parse({ type: "room", room_id: "r1" })).toEqual({
      type: "room",
      room_id: "r1",
    });
  });

  it("normalises inside client messages, responses and events", () => {
    const sent = parseClientMessage({ type: "typing", target: { type: "direct_message", recipient: U } });
    expect(sent.ok && sent.message.type === "typing" && sent.message.target).toEqual({
      type: "dm",
      recipient: U,
    });
    const event = parseServerMessage({
      type: "message_deleted",
      message_id: "m1",
      target: { type: "direct_message", recipient: U },
      deleted_by: "a",
    });
    expect(event.ok && event.message.type === "message_deleted" && event.message.target.type).toBe("dm");
  });

  it("rejects a room target spelled with recipient, and other types", () => {
    expect(MessageTargetSchema.safeParse({ type: "room", recipient: U }).success).toBe(false);
    expect(MessageTargetSchema.safeParse({ type: "DM", recipient: U }).success).toBe(false);
    expect(MessageTargetSchema.safeParse({ room: "r1" }).success).toBe(false);
  });

  it("converts between spellings", () => {
    expect(normalizeTarget({ type: "direct_message", recipient: U })).toEqual({ type: "dm", recipient: U });
    expect(toHttpTarget({ type: "dm", recipient: U })).toEqual({ type: "direct_message", recipient: U });
    expect(toHttpTarget({ type: "room", room_id: "r" })).toEqual({ type: "room", room_id: "r" });
  });

  it("drops a __proto__ key without touching prototypes", () => {
    const value = JSON.parse('{"type":"join_room","room_id":"r1","__proto__":{"polluted":true}}');
    const r = parseClientMessage(value);
    expect(r.ok).toBe(true);
    expect(r.ok && Object.getPrototypeOf(r.message)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain("polluted");
  });
});
