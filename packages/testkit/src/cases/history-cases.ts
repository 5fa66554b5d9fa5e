/** Conformance cases: history paging (messages capability) by seq and by time, both directions. */
import assert from "node:assert/strict";
import type { HistoryQuery, MessageRecord, Storage } from "@lair-chat/server";
import type { Fixtures } from "../fixtures.ts";
import { roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

/** A room with six messages, seqs 1..6, each created one tick after the previous. */
async function sixMessages(fx: Fixtures): Promise<{ conv: string; messages: MessageRecord[] }> {
  const user = await fx.addUser();
  const room = await fx.addRoom(user.id);
  return { conv: roomKey(room.id), messages: await fx.appendMany(room.id, user.id, 6) };
}

async function seqs(storage: Storage, conv: string, query: HistoryQuery): Promise<number[]> {
  return (await storage.listMessages(conv, query)).map((m) => m.seq);
}

export const historyCases: readonly StorageCase[] = [
  {
    name: "listMessages without bounds returns the newest first",
    async run({ storage, fx }) {
      const { conv, messages } = await sixMessages(fx);
      const page = await storage.listMessages(conv, { limit: 3 });
      assert.deepEqual(page, [messages[5], messages[4], messages[3]]);
      assert.deepEqual(await seqs(storage, conv, { limit: 0 }), []);
      assert.deepEqual(await seqs(storage, "room:nowhere", { limit: 10 }), []);
    },
  },
  {
    name: "listMessages pages backwards with beforeSeq",
    async run({ storage, fx }) {
      const { conv } = await sixMessages(fx);
      assert.deepEqual(await seqs(storage, conv, { limit: 2, beforeSeq: 5 }), [4, 3]);
      assert.deepEqual(await seqs(storage, conv, { limit: 10, beforeSeq: 3 }), [2, 1]);
      assert.deepEqual(await seqs(storage, conv, { limit: 10, beforeSeq: 1 }), []);
    },
  },
  {
    name: "listMessages pages forwards with afterSeq, oldest first",
    async run({ storage, fx }) {
      const { conv } = await sixMessages(fx);
      assert.deepEqual(await seqs(storage, conv, { limit: 2, afterSeq: 2 }), [3, 4]);
      assert.deepEqual(await seqs(storage, conv, { limit: 10, afterSeq: 4 }), [5, 6]);
      assert.deepEqual(await seqs(storage, conv, { limit: 10, afterSeq: 6 }), []);
      assert.deepEqual(await seqs(storage, conv, { limit: 2, afterSeq: 0 }), [1, 2]);
    },
  },
  {
    name: "listMessages with afterSeq and beforeSeq returns the range newest first",
    async run({ storage, fx }) {
      const { conv } = await sixMessages(fx);
      assert.deepEqual(await seqs(storage, conv, { limit: 10, afterSeq: 1, beforeSeq: 5 }), [4, 3, 2]);
      assert.deepEqual(await seqs(storage, conv, { limit: 2, afterSeq: 1, beforeSeq: 5 }), [4, 3]);
    },
  },
  {
    name: "listMessages filters by before and after timestamps",
    async run({ storage, fx }) {
      const { conv, messages } = await sixMessages(fx);
      const at = (i: number) => messages[i]!.createdAt;
      assert.deepEqual(
        await seqs(storage, conv, { limit: 2, before: at(4) }),
        [4, 3],
        "before: newest first",
      );
      assert.deepEqual(await seqs(storage, conv, { limit: 2, after: at(1) }), [3, 4], "after: oldest first");
      assert.deepEqual(await seqs(storage, conv, { limit: 10, after: at(1), before: at(4) }), [4, 3]);
      assert.deepEqual(await seqs(storage, conv, { limit: 10, before: at(0) }), [], "bounds are exclusive");
      assert.deepEqual(await seqs(storage, conv, { limit: 10, after: at(5) }), []);
      assert.deepEqual(await seqs(storage, conv, { limit: 10, beforeSeq: 6, after: at(2) }), [5, 4]);
    },
  },
  {
    name: "listMessages leaves out tombstones unless includeDeleted",
    async run({ storage, fx }) {
      const { conv, messages } = await sixMessages(fx);
      await storage.deleteMessage(messages[4]!.id, fx.tick(), messages[4]!.authorId);
      await storage.deleteMessage(messages[1]!.id, fx.tick(), messages[1]!.authorId);
      assert.deepEqual(await seqs(storage, conv, { limit: 3 }), [6, 4, 3], "the limit counts live messages");
      assert.deepEqual(await seqs(storage, conv, { limit: 3, afterSeq: 0 }), [1, 3, 4]);
      const all = await storage.listMessages(conv, { limit: 3, includeDeleted: true });
      assert.deepEqual(
        all.map((m) => [m.seq, m.deletedAt !== null]),
        [
          [6, false],
          [5, true],
          [4, false],
        ],
      );
    },
  },
  {
    name: "listMessages returns the current content of edited messages",
    async run({ storage, fx }) {
      const { conv, messages } = await sixMessages(fx);
      const at = fx.tick();
      await storage.editMessage(messages[5]!.id, "changed", at);
      const [latest] = await storage.listMessages(conv, { limit: 1 });
      assert.deepEqual(latest, { ...messages[5]!, content: "changed", editedAt: at });
      assert.deepEqual(await seqs(storage, conv, { limit: 10, afterSeq: 4 }), [5, 6], "edits add no rows");
    },
  },
];
