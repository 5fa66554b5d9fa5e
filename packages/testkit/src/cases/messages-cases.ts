/** Conformance cases: messages and seqs (per-conversation seqs, edits, deletes, the log, DMs). */
import assert from "node:assert/strict";
import { expectFields } from "../assertions.ts";
import { dmKey, roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

export const messagesCases: readonly StorageCase[] = [
  {
    name: "appendMessage gives each conversation its own seqs starting at 1",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const a = await fx.addRoom(user.id);
      const b = await fx.addRoom(user.id);
      const input = fx.roomMessage(a.id, user.id, { clientMessageId: "c-1" });
      const first = await storage.appendMessage(input);
      const expected = { ...input, seq: 1, editedAt: null, deletedAt: null, deletedBy: null };
      assert.deepEqual(first, { message: expected, created: true });
      assert.deepEqual(await storage.getMessage(input.id), expected);
      assert.equal((await storage.appendMessage(fx.roomMessage(a.id, user.id))).message.seq, 2);
      assert.equal((await storage.appendMessage(fx.roomMessage(b.id, user.id))).message.seq, 1);
      assert.equal((await storage.appendMessage(fx.roomMessage(a.id, user.id))).message.seq, 3);
      assert.equal(await storage.lastSeq(roomKey(a.id)), 3);
      assert.equal(await storage.lastSeq(roomKey(b.id)), 1);
      assert.equal(await storage.lastSeq(roomKey(fx.room(user.id).room.id)), 0, "unknown conversation");
      assert.equal(await storage.getMessage(fx.roomMessage(a.id, user.id).id), null, "unknown id gives null");
      if (probe) {
        assert.deepEqual(await probe.messageSeqs(roomKey(a.id)), [1, 2, 3]);
        assert.deepEqual(await probe.messageSeqs(roomKey(b.id)), [1]);
        assert.equal(await probe.countRows("messages"), 4);
        expectFields(
          await probe.messageRow(input.id),
          { conversation: input.conversation, seq: 1, content: input.content, clientMessageId: "c-1" },
          "probe.messageRow",
        );
      }
    },
  },
  {
    name: "appendMessage stores direct messages with their recipient",
    async run({ storage, fx }) {
      const a = await fx.addUser();
      const b = await fx.addUser();
      const input = fx.dmMessage(a.id, b.id);
      const { message } = await storage.appendMessage(input);
      assert.deepEqual(message, { ...input, seq: 1, editedAt: null, deletedAt: null, deletedBy: null });
      const reply = await storage.appendMessage(fx.dmMessage(b.id, a.id));
      assert.equal(reply.message.conversation, dmKey(a.id, b.id));
      assert.equal(reply.message.seq, 2, "both directions share one conversation");
    },
  },
  {
    name: "appendMessages stores a batch in input order across conversations",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const peer = await fx.addUser();
      const a = await fx.addRoom(user.id);
      const b = await fx.addRoom(user.id);
      await storage.appendMessage(fx.roomMessage(b.id, user.id));
      const batch = [
        fx.roomMessage(a.id, user.id),
        fx.roomMessage(b.id, user.id),
        fx.dmMessage(user.id, peer.id),
        fx.roomMessage(a.id, user.id),
      ];
      const results = await storage.appendMessages(batch);
      assert.deepEqual(
        results.map((r) => [r.message.id, r.message.seq, r.created]),
        [
          [batch[0]!.id, 1, true],
          [batch[1]!.id, 2, true],
          [batch[2]!.id, 1, true],
          [batch[3]!.id, 2, true],
        ],
      );
      for (const r of results) assert.deepEqual(await storage.getMessage(r.message.id), r.message);
      assert.deepEqual(await storage.appendMessages([]), []);
      if (probe) assert.equal(await probe.countRows("messages"), 5);
    },
  },
  {
    name: "editMessage replaces the content and takes the next seq",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const [m1] = await fx.appendMany(room.id, user.id, 2);
      const at = fx.tick();
      const edited = await storage.editMessage(m1!.id, "fixed typo", at);
      const expected = { ...m1!, content: "fixed typo", editedAt: at };
      assert.deepEqual(edited, { message: expected, seq: 3 });
      assert.deepEqual(await storage.getMessage(m1!.id), expected, "seq stays the creation seq");
      assert.equal(await storage.lastSeq(roomKey(room.id)), 3);
      assert.equal((await storage.editMessage(m1!.id, "again", fx.tick()))?.seq, 4);
      assert.equal(
        await storage.editMessage(fx.roomMessage(room.id, user.id).id, "x", at),
        null,
        "unknown id",
      );
      if (probe) {
        expectFields(await probe.messageRow(m1!.id), { content: "again", seq: 1 }, "probe.messageRow");
        assert.deepEqual(await probe.messageSeqs(roomKey(room.id)), [1, 2]);
        assert.deepEqual(await probe.logSeqs(roomKey(room.id)), [1, 2, 3, 4]);
      }
    },
  },
  {
    name: "deleteMessage leaves a tombstone and takes the next seq",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const mod = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const [m1] = await fx.appendMany(room.id, user.id, 2);
      const at = fx.tick();
      const deleted = await storage.deleteMessage(m1!.id, at, mod.id);
      assert.equal(deleted?.seq, 3);
      assert.equal(deleted?.message.deletedAt, at);
      assert.equal(deleted?.message.deletedBy, mod.id);
      assert.equal(deleted?.message.seq, 1);
      const stored = await storage.getMessage(m1!.id);
      assert.equal(stored?.deletedAt, at, "getMessage still returns a deleted message");
      assert.equal(await storage.deleteMessage(m1!.id, fx.tick(), mod.id), null, "second delete gives null");
      assert.equal(
        await storage.editMessage(m1!.id, "zombie", fx.tick()),
        null,
        "deleted messages are not edited",
      );
      assert.equal(await storage.deleteMessage(fx.roomMessage(room.id, user.id).id, at, mod.id), null);
      assert.equal(await storage.lastSeq(roomKey(room.id)), 3, "failed calls take no seq");
      if (probe) {
        expectFields(
          await probe.messageRow(m1!.id),
          { deletedAt: at, deletedBy: mod.id, seq: 1 },
          "probe.messageRow",
        );
        assert.equal(await probe.countRows("messages"), 2, "the row stays");
        assert.deepEqual(await probe.logSeqs(roomKey(room.id)), [1, 2, 3]);
      }
    },
  },
  {
    name: "readLog returns creates, edits and deletes in seq order with each message's current state",
    async run({ storage, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const conv = roomKey(room.id);
      const [m1, m2] = await fx.appendMany(room.id, user.id, 2);
      const editAt = fx.tick();
      await storage.editMessage(m1!.id, "edited", editAt);
      const deleteAt = fx.tick();
      await storage.deleteMessage(m2!.id, deleteAt, user.id);
      const [m3] = await fx.appendMany(room.id, user.id, 1);
      const log = await storage.readLog(conv, 0, 100);
      assert.deepEqual(
        log.map((e) => [e.seq, e.op, e.message.id, e.at]),
        [
          [1, "created", m1!.id, m1!.createdAt],
          [2, "created", m2!.id, m2!.createdAt],
          [3, "edited", m1!.id, editAt],
          [4, "deleted", m2!.id, deleteAt],
          [5, "created", m3!.id, m3!.createdAt],
        ],
      );
      const current1 = await storage.getMessage(m1!.id);
      const current2 = await storage.getMessage(m2!.id);
      assert.deepEqual(log[0]!.message, current1, "the create step shows the edited content");
      assert.deepEqual(log[1]!.message, current2, "the create step shows the delete");
      for (const e of log) assert.equal(e.conversation, conv);
      assert.deepEqual(
        (await storage.readLog(conv, 2, 2)).map((e) => e.seq),
        [3, 4],
      );
      assert.deepEqual(await storage.readLog(conv, 5, 10), []);
      assert.deepEqual(await storage.readLog(roomKey(fx.room(user.id).room.id), 0, 10), []);
    },
  },
  {
    name: "listDmPartners lists each partner once",
    async run({ storage, fx }) {
      const a = await fx.addUser();
      const b = await fx.addUser();
      const c = await fx.addUser();
      const loner = await fx.addUser();
      const room = await fx.addRoom(a.id);
      await storage.appendMessage(fx.dmMessage(a.id, b.id));
      await storage.appendMessage(fx.dmMessage(b.id, a.id));
      await storage.appendMessage(fx.dmMessage(c.id, a.id));
      await storage.appendMessage(fx.roomMessage(room.id, loner.id));
      assert.deepEqual((await storage.listDmPartners(a.id)).sort(), [b.id, c.id].sort());
      assert.deepEqual(await storage.listDmPartners(b.id), [a.id]);
      assert.deepEqual(await storage.listDmPartners(c.id), [a.id]);
      assert.deepEqual(await storage.listDmPartners(loner.id), [], "room messages make no DM partners");
    },
  },
];
