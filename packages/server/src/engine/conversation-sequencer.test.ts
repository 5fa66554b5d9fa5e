import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type BackfilledDelivery,
  ConversationSequencer,
  type ConversationSequencerOptions,
} from "./conversation-sequencer.ts";
import { createEvent, type LairEvent } from "./lair-event.ts";

const CONV = "room:r1";
const USERS = ["u1"];

function ev(seq: number, origin = "bus"): LairEvent {
  return createEvent("message_received", { n: seq, origin }, 0, { seq });
}

/** A sequencer over a fake log of `logSize` steps; records what it delivers and reads. */
function setup(
  options: Partial<ConversationSequencerOptions> & { logSize?: number; audience?: boolean } = {},
) {
  const delivered: Array<{ seq: number; origin: string; id: string }> = [];
  const reads: number[] = [];
  let logSize = options.logSize ?? 0;
  const seq = new ConversationSequencer({
    holdMs: 20,
    deliver: (event) =>
      delivered.push({ seq: event.ext?.seq ?? -1, origin: String(event.body.origin), id: event.id }),
    hasLocalAudience: () => options.audience ?? true,
    backfill: async (_conv, after, limit): Promise<BackfilledDelivery[]> => {
      reads.push(after);
      const out: BackfilledDelivery[] = [];
      for (let s = after + 1; s <= Math.min(logSize, after + limit); s++)
        out.push({ seq: s, event: ev(s, "storage"), users: USERS });
      return out;
    },
    ...options,
  });
  open.push(seq);
  return {
    seq,
    delivered,
    reads,
    seqs: () => delivered.map((d) => d.seq),
    grow: (n: number) => {
      logSize = n;
    },
  };
}

const open: ConversationSequencer[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const s of open.splice(0)) s.close();
});

describe("ConversationSequencer", () => {
  it("delivers in seq order, holding an event until its predecessor arrives", () => {
    const t = setup({ logSize: 5 });
    t.seq.push(CONV, 1, ev(1), USERS);
    t.seq.push(CONV, 3, ev(3), USERS);
    t.seq.push(CONV, 4, ev(4), USERS);
    expect(t.seqs()).toEqual([1]);
    expect(t.seq.heldCount).toBe(2);
    t.seq.push(CONV, 2, ev(2), USERS);
    expect(t.seqs()).toEqual([1, 2, 3, 4]);
    expect(t.reads).toEqual([]);
  });

  it("in a cluster, lets a first sight wait for earlier steps still in flight", async () => {
    const t = setup({ clustered: () => true, logSize: 7 });
    t.seq.push(CONV, 7, ev(7), USERS);
    t.seq.push(CONV, 5, ev(5), USERS);
    expect(t.seqs()).toEqual([]);
    await vi.waitFor(() => expect(t.seqs()).toEqual([5, 6, 7]));
    expect(t.delivered.map((d) => d.origin)).toEqual(["bus", "storage", "bus"]);
    t.seq.push(CONV, 4, ev(4), USERS);
    t.seq.push(CONV, 8, ev(8), USERS);
    expect(t.seqs()).toEqual([5, 6, 7, 8]);
    // Seq 1 needs no wait: nothing can precede it.
    t.seq.push("room:other", 1, ev(1), USERS);
    expect(t.seqs()).toEqual([5, 6, 7, 8, 1]);
  });

  it("drops duplicates", () => {
    const t = setup();
    const first = ev(1);
    t.seq.push(CONV, 1, first, USERS);
    t.seq.push(CONV, 1, ev(1), USERS);
    t.seq.push(CONV, 3, ev(3), USERS);
    t.seq.push(CONV, 3, ev(3), USERS);
    t.seq.push(CONV, 2, ev(2), USERS);
    expect(t.seqs()).toEqual([1, 2, 3]);
    expect(t.delivered[0]?.id).toBe(first.id);
  });

  it("fills a hole from storage after the hold, keeping the bus copies of held events", async () => {
    const t = setup({ logSize: 4 });
    t.seq.push(CONV, 1, ev(1), USERS);
    const held = ev(4);
    t.seq.push(CONV, 4, held, USERS);
    await vi.waitFor(() => expect(t.seqs()).toEqual([1, 2, 3, 4]));
    expect(t.delivered.map((d) => d.origin)).toEqual(["bus", "storage", "storage", "bus"]);
    expect(t.delivered[3]?.id).toBe(held.id);
    expect(t.reads).toEqual([1]);
    // The lost events turn up late: already delivered, so dropped.
    t.seq.push(CONV, 2, ev(2), USERS);
    t.seq.push(CONV, 3, ev(3), USERS);
    expect(t.seqs()).toEqual([1, 2, 3, 4]);
  });

  it("waits again for a predecessor still in flight after a fill", async () => {
    const t = setup({ logSize: 3 });
    t.seq.push(CONV, 1, ev(1), USERS);
    t.seq.push(CONV, 3, ev(3), USERS);
    await vi.waitFor(() => expect(t.seqs()).toEqual([1, 2, 3]));
    // 5 arrives while 4 is committed but not yet readable: it must not be delivered before 4.
    t.seq.push(CONV, 5, ev(5), USERS);
    await new Promise((r) => setTimeout(r, 40));
    expect(t.seqs()).toEqual([1, 2, 3]);
    t.seq.push(CONV, 4, ev(4), USERS);
    expect(t.seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it("fills at once while the bus is down, and reads what was missed when it is back", async () => {
    const t = setup({ logSize: 2, holdMs: 60_000 });
    t.seq.push(CONV, 1, ev(1), USERS);
    t.seq.subscriptionLost();
    t.seq.push(CONV, 3, ev(3), USERS);
    await vi.waitFor(() => expect(t.seqs()).toEqual([1, 2, 3]));
    // Nothing more arrives over the bus, yet storage went on.
    t.grow(6);
    await t.seq.recover();
    expect(t.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
    await t.seq.recover();
    expect(t.seqs()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("fills at once when too many events are held", async () => {
    const t = setup({ logSize: 5, holdMs: 60_000, maxHeld: 2 });
    t.seq.push(CONV, 1, ev(1), USERS);
    for (const s of [3, 4, 5]) t.seq.push(CONV, s, ev(s), USERS);
    await vi.waitFor(() => expect(t.seqs()).toEqual([1, 2, 3, 4, 5]));
  });

  it("retries a failed backfill", async () => {
    let fail = true;
    const t = setup({ logSize: 3 });
    const errors: unknown[] = [];
    const seq = new ConversationSequencer({
      holdMs: 10,
      deliver: (e) => t.delivered.push({ seq: e.ext?.seq ?? -1, origin: "x", id: e.id }),
      hasLocalAudience: () => true,
      backfill: async (_c, after) => {
        if (fail) {
          fail = false;
          throw new Error("storage down");
        }
        return after < 2 ? [{ seq: 2, event: ev(2), users: USERS }] : [];
      },
      onError: (e) => errors.push(e),
    });
    open.push(seq);
    seq.push(CONV, 1, ev(1), USERS);
    seq.push(CONV, 3, ev(3), USERS);
    await vi.waitFor(() => expect(t.seqs()).toEqual([1, 2, 3]));
    expect(errors).toHaveLength(1);
  });

  it("tracks only conversations with a local audience, and at most maxConversations", () => {
    const none = setup({ audience: false });
    none.seq.push(CONV, 5, ev(5), USERS);
    expect(none.seq.size).toBe(0);
    expect(none.seqs()).toEqual([]);

    const t = setup({ maxConversations: 2 });
    for (const c of ["room:a", "room:b", "room:c"]) t.seq.push(c, 1, ev(1), USERS);
    expect(t.seq.size).toBe(2);
  });

  it("forgets a conversation whose audience left this node", () => {
    let here = true;
    const t = setup();
    const seq = new ConversationSequencer({
      deliver: (e) => t.delivered.push({ seq: e.ext?.seq ?? -1, origin: "x", id: e.id }),
      hasLocalAudience: () => here,
      backfill: async () => [],
    });
    open.push(seq);
    seq.push(CONV, 1, ev(1), USERS);
    expect(seq.size).toBe(1);
    here = false;
    seq.push(CONV, 2, ev(2), USERS);
    expect(seq.size).toBe(0);
  });

  it("refuses bad options", () => {
    const base = { deliver() {}, hasLocalAudience: () => true, backfill: async () => [] };
    expect(() => new ConversationSequencer({ ...base, holdMs: -1 })).toThrow(RangeError);
    expect(() => new ConversationSequencer({ ...base, maxHeld: 0 })).toThrow(RangeError);
    expect(() => new ConversationSequencer({ ...base, maxConversations: 0 })).toThrow(RangeError);
  });
});
