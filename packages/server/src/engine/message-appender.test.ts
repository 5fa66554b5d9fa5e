import { LairError } from "@lair-chat/protocol";
import { describe, expect, it } from "vitest";
import type { MessageRecord } from "../storage/records.ts";
import type { AppendResult, NewMessage, Storage } from "../storage/storage.ts";
import { KeyedQueue } from "./keyed-queue.ts";
import { type AppendJob, MAX_APPEND_BATCH, MessageAppender } from "./message-appender.ts";

/**
 * The two append calls of a Storage over an in-memory log, recording each call. A commit takes
 * until `release()` is called for it, so a test decides what arrives while one is running;
 * `refuse` makes the storage reject a message (in any call that contains it).
 */
function logStore(
  options: { batchAppend?: boolean; multiProcess?: boolean; refuse?: (m: NewMessage) => unknown } = {},
) {
  const seqs = new Map<string, number>();
  const calls: string[][] = [];
  const gates: Array<() => void> = [];
  const commit = async (batch: NewMessage[]): Promise<AppendResult[]> => {
    calls.push(batch.map((m) => m.content));
    await new Promise<void>((resolve) => gates.push(resolve));
    for (const m of batch) {
      const error = options.refuse?.(m);
      if (error) throw error;
    }
    return batch.map((m) => {
      const seq = (seqs.get(m.conversation) ?? 0) + 1;
      seqs.set(m.conversation, seq);
      const message: MessageRecord = { ...m, seq, editedAt: null, deletedAt: null, deletedBy: null };
      return { message, created: true };
    });
  };
  const storage = {
    capabilities: {
      persistent: false,
      multiProcess: options.multiProcess ?? false,
      batchAppend: options.batchAppend ?? true,
    },
    appendMessage: async (m: NewMessage) => (await commit([m]))[0]!,
    appendMessages: commit,
  } as unknown as Storage;
  return {
    storage,
    calls,
    /** Wait until a commit has started (it then waits for its gate). */
    async started(): Promise<void> {
      for (let i = 0; i < 20 && gates.length === 0; i++) await new Promise((r) => setImmediate(r));
      expect(gates.length).toBeGreaterThan(0);
    },
    /** Let every commit finish, now and later. */
    async releaseAll(until: Promise<unknown>): Promise<void> {
      let done = false;
      void until.finally(() => {
        done = true;
      });
      while (!done) {
        for (const g of gates.splice(0)) g();
        await new Promise((r) => setImmediate(r));
      }
    },
  };
}

function message(content: string, conversation = "room:r"): NewMessage {
  return {
    id: `id-${content}`,
    conversation,
    roomId: "r",
    recipientId: null,
    authorId: "u",
    content,
    clientMessageId: null,
    createdAt: 1,
  };
}

/** A job that records, in order, what the appender hands back after the commit. */
function job(content: string, log: string[], conversation?: string): AppendJob<number> {
  return {
    message: message(content, conversation),
    async committed(result) {
      log.push(`${result.message.content}#${result.message.seq}`);
      return result.message.seq;
    },
    async failed() {
      log.push(`${content} failed`);
    },
  };
}

describe("MessageAppender", () => {
  it("stores sends that arrive during a commit with one appendMessages call, in arrival order", async () => {
    const s = logStore();
    const appender = new MessageAppender(new KeyedQueue(), s.storage);
    const log: string[] = [];
    const first = appender.append("room:r", job("a", log));
    await s.started();
    const rest = ["b", "c", "d"].map((c) => appender.append("room:r", job(c, log)));
    await s.releaseAll(Promise.all([first, ...rest]));
    expect(await Promise.all([first, ...rest])).toEqual([1, 2, 3, 4]);
    expect(s.calls).toEqual([["a"], ["b", "c", "d"]]);
    expect(log).toEqual(["a#1", "b#2", "c#3", "d#4"]);
    expect(appender.size).toBe(0);
  });

  it("keeps one commit at a time per conversation and lets other conversations through", async () => {
    // A multi-writer storage: one call per conversation.
    const s = logStore({ multiProcess: true });
    const appender = new MessageAppender(new KeyedQueue(), s.storage);
    const log: string[] = [];
    const a1 = appender.append("room:r", job("a1", log));
    const b1 = appender.append("room:x", job("b1", log, "room:x"));
    await s.started();
    const a2 = appender.append("room:r", job("a2", log));
    // Both conversations' first commits run at once; a2 waits for a1.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(s.calls).toEqual([["a1"], ["b1"]]);
    await s.releaseAll(Promise.all([a1, b1, a2]));
    expect(s.calls).toEqual([["a1"], ["b1"], ["a2"]]);
    expect(await Promise.all([a1, b1, a2])).toEqual([1, 1, 2]);
  });

  it("on a single-writer storage, conversations whose commits start in the same turn share one call", async () => {
    const s = logStore();
    const appender = new MessageAppender(new KeyedQueue(), s.storage);
    const log: string[] = [];
    const a1 = appender.append("room:r", job("a1", log));
    const b1 = appender.append("room:x", job("b1", log, "room:x"));
    await s.started();
    const a2 = appender.append("room:r", job("a2", log));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    // a2 waits for the shared commit that holds a1.
    expect(s.calls).toEqual([["a1", "b1"]]);
    await s.releaseAll(Promise.all([a1, b1, a2]));
    expect(s.calls).toEqual([["a1", "b1"], ["a2"]]);
    expect(await Promise.all([a1, b1, a2])).toEqual([1, 1, 2]);
    expect(log).toEqual(["a1#1", "b1#1", "a2#2"]);
  });

  it("a shared call that fails is committed again per conversation, so only the refused message fails", async () => {
    const s = logStore({ refuse: (m) => (m.content === "b1" ? new LairError("database_error") : undefined) });
    const appender = new MessageAppender(new KeyedQueue(), s.storage);
    const log: string[] = [];
    const a1 = appender.append("room:r", job("a1", log));
    const b1 = appender.append("room:x", job("b1", log, "room:x"));
    const b1Outcome = b1.then(
      () => "stored",
      (e: unknown) => (e as LairError).code,
    );
    await s.releaseAll(Promise.all([a1, b1Outcome]));
    expect(await a1).toBe(1);
    expect(await b1Outcome).toBe("database_error");
    expect(s.calls[0]).toEqual(["a1", "b1"]);
    expect(s.calls).toContainEqual(["a1"]);
    expect(log).toContain("a1#1");
    expect(log).toContain("b1 failed");
  });

  it(`takes at most ${MAX_APPEND_BATCH} messages per commit and queues the rest behind it`, async () => {
    const s = logStore();
    const appender = new MessageAppender(new KeyedQueue(), s.storage);
    const log: string[] = [];
    const n = MAX_APPEND_BATCH + 5;
    const all = Array.from({ length: n }, (_, i) => appender.append("room:r", job(`m${i}`, log)));
    await s.releaseAll(Promise.all(all));
    expect(s.calls.map((c) => c.length)).toEqual([MAX_APPEND_BATCH, 5]);
    expect(await Promise.all(all)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it("stores one message per call when the storage has no batchAppend", async () => {
    const s = logStore({ batchAppend: false });
    const appender = new MessageAppender(new KeyedQueue(), s.storage);
    const log: string[] = [];
    const all = ["a", "b", "c"].map((c) => appender.append("room:r", job(c, log)));
    await s.releaseAll(Promise.all(all));
    // Queued together, committed one by one.
    expect(s.calls).toEqual([["a"], ["b"], ["c"]]);
    expect(log).toEqual(["a#1", "b#2", "c#3"]);
  });

  it("stores a failed batch again one by one, so only the refused message fails", async () => {
    const s = logStore({
      refuse: (m) => (m.content === "bad" ? new LairError("database_error") : undefined),
    });
    const appender = new MessageAppender(new KeyedQueue(), s.storage);
    const log: string[] = [];
    const first = appender.append("room:r", job("a", log));
    await s.started();
    const all = [first, ...["bad", "c"].map((c) => appender.append("room:r", job(c, log)))];
    const settled = Promise.allSettled(all);
    await s.releaseAll(settled);
    const [a, bad, c] = await settled;
    expect(a).toEqual({ status: "fulfilled", value: 1 });
    expect(bad?.status).toBe("rejected");
    expect((bad as PromiseRejectedResult).reason).toMatchObject({ code: "database_error" });
    expect(c).toEqual({ status: "fulfilled", value: 2 });
    // The first commit holds "a" alone; "bad" and "c" arrive during it and fail together first.
    expect(s.calls).toEqual([["a"], ["bad", "c"], ["bad"], ["c"]]);
    expect(log).toEqual(["a#1", "bad failed", "c#2"]);
  });

  it("fails the whole batch at once when the storage is unavailable", async () => {
    const s = logStore({ refuse: () => new LairError("storage_unavailable") });
    const appender = new MessageAppender(new KeyedQueue(), s.storage);
    const log: string[] = [];
    const all = ["a", "b", "c"].map((c) => appender.append("room:r", job(c, log)));
    const settled = Promise.allSettled(all);
    await s.releaseAll(settled);
    expect((await settled).map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect((await settled).map((r) => (r as PromiseRejectedResult).reason.code)).toEqual([
      "storage_unavailable",
      "storage_unavailable",
      "storage_unavailable",
    ]);
    // One call for the three: not one more wait for the storage per message.
    expect(s.calls).toEqual([["a", "b", "c"]]);
    expect(log).toEqual(["a failed", "b failed", "c failed"]);
  });

  it("runs after the writes queued before it and before those queued after it", async () => {
    const s = logStore();
    const queue = new KeyedQueue();
    const appender = new MessageAppender(queue, s.storage);
    const log: string[] = [];
    const edit1 = queue.run("room:r", async () => void log.push("edit1"));
    const sends = ["a", "b"].map((c) => appender.append("room:r", job(c, log)));
    const edit2 = queue.run("room:r", async () => void log.push("edit2"));
    await s.releaseAll(Promise.all([edit1, ...sends, edit2]));
    expect(log).toEqual(["edit1", "a#1", "b#2", "edit2"]);
  });
});
