/**
 * Conformance cases: `countMessages`, the `total_count` of history (messages capability). It
 * counts what `listMessages` would match with the same bounds and no limit.
 */
import assert from "node:assert/strict";
import type { CountMessagesQuery, MessageRecord, Storage } from "@lair-chat/server";
import type { Fixtures } from "../fixtures.ts";
import { roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

async function sixMessages(fx: Fixtures): Promise<{ conv: string; messages: MessageRecord[] }> {
  const user = await fx.addUser();
  const room = await fx.addRoom(user.id);
  return { conv: roomKey(room.id), messages: await fx.appendMany(room.id, user.id, 6) };
}

/** The count, checked against the length of an unlimited `listMessages` with the same bounds. */
async function counted(storage: Storage, conv: string, query: CountMessagesQuery): Promise<number> {
  const n = await storage.countMessages(conv, query);
  const listed = await storage.listMessages(conv, { ...query, limit: 1000 });
  assert.equal(n, listed.length, `countMessages ${JSON.stringify(query)} agrees with listMessages`);
  return n;
}

export const countMessagesCases: readonly StorageCase[] = [
  {
    name: "countMessages counts a whole conversation and nothing of others",
    async run({ storage, probe, fx }) {
      const { conv } = await sixMessages(fx);
      const other = await sixMessages(fx);
      await fx.appendMany(other.messages[0]!.roomId!, other.messages[0]!.authorId, 2);
      assert.equal(await counted(storage, conv, {}), 6);
      assert.equal(await counted(storage, other.conv, {}), 8);
      assert.equal(await storage.countMessages("room:nowhere", {}), 0);
      if (probe) assert.equal((await probe.messageSeqs(conv)).length, 6, "probe.messageSeqs");
    },
  },
  {
    name: "countMessages applies the seq and time bounds of listMessages",
    async run({ storage, fx }) {
      const { conv, messages } = await sixMessages(fx);
      const at = (i: number) => messages[i]!.createdAt;
      assert.equal(await counted(storage, conv, { beforeSeq: 5 }), 4);
      assert.equal(await counted(storage, conv, { afterSeq: 4 }), 2);
      assert.equal(await counted(storage, conv, { afterSeq: 1, beforeSeq: 5 }), 3);
      assert.equal(await counted(storage, conv, { beforeSeq: 1 }), 0);
      assert.equal(await counted(storage, conv, { afterSeq: 6 }), 0);
      assert.equal(await counted(storage, conv, { before: at(4) }), 4, "before is exclusive");
      assert.equal(await counted(storage, conv, { after: at(1) }), 4, "after is exclusive");
      assert.equal(await counted(storage, conv, { after: at(1), before: at(4) }), 2);
      assert.equal(await counted(storage, conv, { beforeSeq: 6, after: at(2) }), 2);
    },
  },
  {
    name: "countMessages leaves out tombstones unless includeDeleted, and edits add nothing",
    async run({ storage, probe, fx }) {
      const { conv, messages } = await sixMessages(fx);
      await storage.deleteMessage(messages[4]!.id, fx.tick(), messages[4]!.authorId);
      await storage.deleteMessage(messages[1]!.id, fx.tick(), messages[1]!.authorId);
      await storage.editMessage(messages[2]!.id, "changed", fx.tick());
      assert.equal(await counted(storage, conv, {}), 4);
      assert.equal(await counted(storage, conv, { includeDeleted: true }), 6);
      assert.equal(await counted(storage, conv, { afterSeq: 1, beforeSeq: 6 }), 2);
      assert.equal(await counted(storage, conv, { afterSeq: 1, beforeSeq: 6, includeDeleted: true }), 4);
      if (probe) {
        const rows = await Promise.all(messages.map((m) => probe.messageRow(m.id)));
        const live = rows.filter((r) => r !== null && r.deletedAt === null).length;
        assert.equal(live, 4, "probe: live rows");
        assert.equal((await probe.messageSeqs(conv)).length, 6, "probe: tombstones are still rows");
      }
    },
  },
];
