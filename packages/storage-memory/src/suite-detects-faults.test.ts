/**
 * The conformance suite must be able to fail. Each test here runs the whole suite against a
 * memory storage with one deliberate fault and checks that the tests meant to catch it do.
 */
import type { Storage } from "@lair-chat/server";
import { type StorageProbe, storageSuite, type TestFunction } from "@lair-chat/testkit";
import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "./memory-storage.ts";

/** Run the suite on storages made by `make` and return the names of failing tests. */
async function failuresOf(make: () => Storage, probe?: () => StorageProbe): Promise<Set<string>> {
  const tests: { name: string; fn: () => Promise<void> }[] = [];
  const test: TestFunction = (name, fn) => {
    tests.push({ name, fn });
  };
  storageSuite({
    test,
    create: async () => {
      const storage = make();
      return { storage, cleanup: () => storage.close() };
    },
    ...(probe ? { probe } : {}),
  });
  const failed = new Set<string>();
  for (const t of tests) await t.fn().catch(() => failed.add(t.name.replace(/^\w+: /, "")));
  return failed;
}

describe("the storage suite against faulty storages", () => {
  it("passes a correct storage", async () => {
    expect([...(await failuresOf(() => createMemoryStorage()))]).toEqual([]);
  });

  it("catches an idempotency check that is not atomic with the insert", async () => {
    const failed = await failuresOf(() => {
      const base = createMemoryStorage();
      const seen = new Map<string, string>();
      return {
        ...base,
        // Check, then yield, then insert: correct one call at a time, wrong under concurrency.
        appendMessage: async (m) => {
          const key = m.clientMessageId === null ? null : `${m.authorId}/${m.clientMessageId}`;
          const earlier = key === null ? undefined : seen.get(key);
          if (earlier !== undefined) return { message: (await base.getMessage(earlier))!, created: false };
          await new Promise((resolve) => setImmediate(resolve));
          const result = await base.appendMessages([{ ...m, clientMessageId: null }]);
          if (key !== null) seen.set(key, result[0]!.message.id);
          return result[0]!;
        },
      };
    });
    expect(failed).toContain("concurrent appends with the same clientMessageId store one message");
  });

  it("catches records shared between calls", async () => {
    const failed = await failuresOf(() => {
      const base = createMemoryStorage();
      const cache = new Map<string, Awaited<ReturnType<Storage["getUser"]>>>();
      return {
        ...base,
        getUser: async (id) => {
          if (!cache.has(id)) cache.set(id, await base.getUser(id));
          return cache.get(id)!;
        },
      };
    });
    expect(failed).toContain("returned records are copies the caller may change freely");
  });

  it("catches history that always pages backwards", async () => {
    const failed = await failuresOf(() => {
      const base = createMemoryStorage();
      return {
        ...base,
        listMessages: async (conversation, query) =>
          (await base.listMessages(conversation, { ...query, afterSeq: undefined, after: undefined }))
            .filter((m) => query.afterSeq === undefined || m.seq > query.afterSeq)
            .filter((m) => query.after === undefined || m.createdAt > query.after),
      };
    });
    expect(failed).toContain("listMessages pages forwards with afterSeq, oldest first");
    expect(failed).toContain("listMessages filters by before and after timestamps");
  });

  it("catches a message count that ignores the tombstone filter", async () => {
    const failed = await failuresOf(() => {
      const base = createMemoryStorage();
      return {
        ...base,
        countMessages: (conversation, query) =>
          base.countMessages(conversation, { ...query, includeDeleted: true }),
      };
    });
    expect(failed).toContain(
      "countMessages leaves out tombstones unless includeDeleted, and edits add nothing",
    );
    expect(failed).not.toContain("countMessages applies the seq and time bounds of listMessages");
  });

  it("uses the probe: a database that disagrees with the adapter fails", async () => {
    const lying: StorageProbe = {
      countRows: async () => 0,
      userRow: async () => null,
      sessionRow: async () => null,
      roomRow: async () => null,
      messageRow: async () => null,
      messageSeqs: async () => [],
      logSeqs: async () => [],
      memberCount: async () => 0,
      invitationStatus: async () => null,
      readMarkerSeq: async () => null,
    };
    const failed = await failuresOf(
      () => createMemoryStorage(),
      () => lying,
    );
    expect(failed).toContain("createUser then getUser returns an equal record");
    expect(failed).toContain("deleteMessage leaves a tombstone and takes the next seq");
    expect(failed).toContain("8 concurrent writers into one conversation get unique gap-free seqs");
    expect(failed).not.toContain("ping resolves on a working storage");
  });
});
