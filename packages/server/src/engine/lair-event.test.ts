import { describe, expect, it } from "vitest";
import { createEvent, renderEvent, variantOf } from "./lair-event.ts";

describe("event rendering", () => {
  const event = createEvent(
    "message_received",
    { message: { id: "m1", content: "hi" }, author_username: "alice" },
    Date.UTC(2025, 0, 1),
    { seq: 7, messageSeq: 7, clientMessageId: "c1" },
  );

  it("gives every event an id and a Z timestamp", () => {
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.timestamp).toBe("2025-01-01T00:00:00.000Z");
  });

  it("shows extension fields only to peers that negotiated them", () => {
    const plain = JSON.parse(renderEvent(event, variantOf(new Set())));
    expect(plain).toEqual({
      type: "message_received",
      id: event.id,
      timestamp: event.timestamp,
      message: { id: "m1", content: "hi" },
      author_username: "alice",
    });
    const seq = JSON.parse(renderEvent(event, variantOf(new Set(["seq"]))));
    expect(seq.seq).toBe(7);
    expect(seq.message).toEqual({ id: "m1", content: "hi", seq: 7 });
    const both = JSON.parse(renderEvent(event, variantOf(new Set(["seq", "idempotency"]))));
    expect(both.message.client_message_id).toBe("c1");
    expect(event.body.message).toEqual({ id: "m1", content: "hi" });
  });
});
