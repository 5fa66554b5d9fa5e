import type { Message } from "@lair-chat/protocol";
import { describe, expect, it } from "vitest";
import type { OutboxEntry } from "../outbox/outbox-store.ts";
import { Timeline } from "./timeline.ts";

const target = { type: "room", room_id: "r1" } as const;

function msg(id: string, seq: number | undefined, extra: Partial<Message> = {}): Message {
  return {
    id,
    author: "u2",
    target,
    content: `text ${id}`,
    edited: false,
    created_at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq ?? 0)).toISOString(),
    ...(seq === undefined ? {} : { seq }),
    ...extra,
  };
}

function pending(clientMessageId: string, order: number, extra: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    clientMessageId,
    ownerId: "u1",
    conversation: "room:r1",
    target,
    content: `local ${clientMessageId}`,
    createdAt: "2025-01-01T01:00:00.000Z",
    order,
    status: "pending",
    attempts: 0,
    ...extra,
  };
}

describe("Timeline", () => {
  it("orders by seq whatever the arrival order, once per id", () => {
    const t = new Timeline("room:r1");
    const order = [5, 1, 3, 2, 4, 3, 1, 5];
    for (const seq of order) t.upsert(msg(`m${seq}`, seq));
    expect(t.items.map((i) => i.message.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("orders by created_at without seq (plain Lair 1.1), keeping arrival order on ties", () => {
    const t = new Timeline("room:r1");
    const at = "2025-01-01T00:00:01.000Z";
    t.upsert(msg("z", undefined, { created_at: at }));
    t.upsert(msg("c", undefined, { created_at: "2025-01-01T00:00:00.500Z" }));
    t.upsert(msg("a", undefined, { created_at: at }));
    t.upsert(msg("m", undefined, { created_at: at }));
    expect(t.items.map((i) => i.message.id)).toEqual(["c", "z", "a", "m"]);
    // Re-applying (an edit) keeps the item where it was among its equals.
    t.upsert(msg("a", undefined, { created_at: at, content: "edited", edited: true }));
    expect(t.items.map((i) => i.message.id)).toEqual(["c", "z", "a", "m"]);
  });

  it("sorts large shuffled input exactly like a full sort, with no duplicates", () => {
    const t = new Timeline("room:r1");
    const seqs = Array.from({ length: 500 }, (_, i) => i + 1);
    let x = 7;
    const shuffled = [...seqs, ...seqs.slice(0, 100)].sort(() => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return (x % 3) - 1;
    });
    for (const seq of shuffled) t.upsert(msg(`m${seq}`, seq));
    expect(t.items.map((i) => i.message.seq)).toEqual(seqs);
  });

  it("applies edits in place and removes tombstones", () => {
    const t = new Timeline("room:r1");
    t.upsert(msg("a", 1));
    t.upsert(msg("b", 2));
    const before = t.items;
    expect(t.upsert(msg("a", 1))).toBe(false);
    expect(t.items).toBe(before);
    t.upsert(msg("a", 1, { content: "edited", edited: true }));
    expect(t.items).not.toBe(before);
    expect(t.items.map((i) => [i.message.id, i.message.content])).toEqual([
      ["a", "edited"],
      ["b", "text b"],
    ]);
    t.upsert(msg("b", 2, { deleted: true, content: "" }));
    expect(t.items.map((i) => i.message.id)).toEqual(["a"]);
    expect(t.remove("zzz")).toBe(false);
  });

  it("shows outbox entries after sent messages and settles them under the same key", () => {
    const t = new Timeline("room:r1");
    t.upsert(msg("a", 1));
    t.upsertPending(pending("c2", 2));
    t.upsertPending(pending("c1", 1));
    expect(t.items.map((i) => [i.key, i.status])).toEqual([
      ["a", "sent"],
      ["c1", "pending"],
      ["c2", "pending"],
    ]);
    // The broadcast of our own message arrives before the response.
    t.upsert(msg("m-c1", 2, { client_message_id: "c1", author: "u1" }));
    expect(t.items.map((i) => [i.key, i.status])).toEqual([
      ["a", "sent"],
      ["c1", "sent"],
      ["c2", "pending"],
    ]);
    // A late outbox update for c1 must not bring the pending copy back.
    expect(t.upsertPending(pending("c1", 1))).toBe(false);
    // A response without client_message_id (plain server) still settles under the key.
    t.acknowledge("c2", msg("m-c2", 3, { author: "u1" }));
    expect(t.items.map((i) => [i.key, i.message.id, i.status])).toEqual([
      ["a", "a", "sent"],
      ["c1", "m-c1", "sent"],
      ["c2", "m-c2", "sent"],
    ]);
    // …and the later broadcast (no client_message_id) is a duplicate.
    t.upsert(msg("m-c2", 3, { author: "u1" }));
    expect(t.items).toHaveLength(3);
  });

  it("shows failures with their reason and drops discarded ones", () => {
    const t = new Timeline("room:r1");
    t.upsertPending(
      pending("c1", 1, { status: "failed", error: { code: "not_room_member", message: "no" } }),
    );
    expect(t.items[0]).toMatchObject({ status: "failed", error: { code: "not_room_member" } });
    expect(t.removePending("c1")).toBe(true);
    expect(t.items).toEqual([]);
  });
});
