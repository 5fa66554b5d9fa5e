import { LairError } from "@lair-chat/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Outbox } from "./outbox.ts";
import { MemoryOutboxStore, type OutboxEntry } from "./outbox-store.ts";

const target = { type: "room", room_id: "r1" } as const;

/** A sender whose answers the test scripts per call. */
function scriptedSender() {
  const calls: OutboxEntry[] = [];
  const answers: Array<(entry: OutboxEntry) => Promise<unknown>> = [];
  const send = (entry: OutboxEntry) => {
    calls.push(structuredClone(entry));
    const next = answers.shift();
    return next ? next(entry) : Promise.resolve({ id: `m-${entry.clientMessageId}` });
  };
  return { calls, answers, send };
}

async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe("Outbox", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("stores before sending, sends in order once online, then forgets", async () => {
    const store = new MemoryOutboxStore();
    const sender = scriptedSender();
    const outbox = new Outbox({ store, send: sender.send });
    await outbox.load("u1");
    const sent: string[] = [];
    outbox.on("sent", (entry) => sent.push(entry.content));
    await outbox.enqueue({ conversation: "room:r1", target, content: "a" });
    await outbox.enqueue({ conversation: "room:r1", target, content: "b" });
    expect((await store.load()).map((e) => e.content).sort()).toEqual(["a", "b"]);
    expect(sender.calls).toHaveLength(0);
    outbox.setOnline(true);
    await settle();
    expect(sent).toEqual(["a", "b"]);
    expect(await store.load()).toEqual([]);
    expect(outbox.entries).toEqual([]);
  });

  it("keeps a message pending across a dropped connection and resends the same id", async () => {
    const store = new MemoryOutboxStore();
    const sender = scriptedSender();
    sender.answers.push(() => Promise.reject(new LairError("connection_closed")));
    const outbox = new Outbox({ store, send: sender.send });
    await outbox.load("u1");
    outbox.setOnline(true);
    const entry = await outbox.enqueue({ conversation: "room:r1", target, content: "hi" });
    await settle();
    expect(outbox.entries[0]?.status).toBe("pending");
    outbox.setOnline(false);
    outbox.setOnline(true);
    await settle();
    expect(sender.calls.map((c) => c.clientMessageId)).toEqual([
      entry.clientMessageId,
      entry.clientMessageId,
    ]);
    expect(outbox.entries).toEqual([]);
  });

  it("fails only on non-retryable errors, and later messages still go", async () => {
    const sender = scriptedSender();
    sender.answers.push(() => Promise.reject(new LairError("not_room_member")));
    const store = new MemoryOutboxStore();
    const outbox = new Outbox({ store, send: sender.send });
    await outbox.load("u1");
    const failed: OutboxEntry[] = [];
    outbox.on("failed", (e) => failed.push(e));
    await outbox.enqueue({ conversation: "room:r1", target, content: "x" });
    await outbox.enqueue({ conversation: "room:r1", target, content: "y" });
    outbox.setOnline(true);
    await settle();
    expect(failed.map((e) => [e.content, e.error?.code])).toEqual([["x", "not_room_member"]]);
    expect(sender.calls.map((c) => c.content)).toEqual(["x", "y"]);
    // The failure survives a restart until discarded.
    expect((await store.load()).map((e) => e.status)).toEqual(["failed"]);
    await outbox.discard(failed[0]!.clientMessageId);
    expect(await store.load()).toEqual([]);
  });

  it("waits retry_after on rate limiting, blocking later messages", async () => {
    const sender = scriptedSender();
    sender.answers.push(() => Promise.reject(new LairError("rate_limited", { details: { retry_after: 2 } })));
    const outbox = new Outbox({ store: new MemoryOutboxStore(), send: sender.send });
    await outbox.load("u1");
    outbox.setOnline(true);
    await outbox.enqueue({ conversation: "room:r1", target, content: "1" });
    await outbox.enqueue({ conversation: "room:r1", target, content: "2" });
    await settle();
    expect(sender.calls.map((c) => c.content)).toEqual(["1"]);
    await vi.advanceTimersByTimeAsync(1999);
    expect(sender.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(sender.calls.map((c) => c.content)).toEqual(["1", "1", "2"]);
  });

  it("reloads only the owner's entries from the store, in order", async () => {
    const store = new MemoryOutboxStore();
    const first = new Outbox({ store, send: () => new Promise(() => {}) });
    await first.load("alice");
    await first.enqueue({ conversation: "room:r1", target, content: "a1" });
    await first.enqueue({ conversation: "room:r1", target, content: "a2" });
    first.dispose();
    const other = new Outbox({ store, send: () => new Promise(() => {}) });
    await other.load("bob");
    expect(other.entries).toEqual([]);
    const sender = scriptedSender();
    const again = new Outbox({ store, send: sender.send });
    await again.load("alice");
    expect(again.entries.map((e) => e.content)).toEqual(["a1", "a2"]);
    again.setOnline(true);
    await settle();
    expect(sender.calls.map((c) => c.content)).toEqual(["a1", "a2"]);
  });

  it("refuses bad input and a full queue", async () => {
    const outbox = new Outbox({ store: new MemoryOutboxStore(), send: async () => ({}), limit: 1 });
    await expect(outbox.enqueue({ conversation: "c", target, content: "x" })).rejects.toMatchObject({
      code: "unauthorized",
    });
    await outbox.load("u");
    await expect(
      outbox.enqueue({ conversation: "c", target, content: "x", clientMessageId: "x".repeat(65) }),
    ).rejects.toThrow(RangeError);
    await outbox.enqueue({ conversation: "c", target, content: "x" });
    await expect(outbox.enqueue({ conversation: "c", target, content: "y" })).rejects.toMatchObject({
      code: "rate_limited",
    });
  });
});
