/** Conformance cases: idempotent appends keyed by (author, clientMessageId). */
import assert from "node:assert/strict";
import { roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

export const idempotencyCases: readonly StorageCase[] = [
  {
    name: "a reused clientMessageId returns the original with created false",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const first = await storage.appendMessage(fx.roomMessage(room.id, user.id, { clientMessageId: "k1" }));
      const retry = await storage.appendMessage(
        fx.roomMessage(room.id, user.id, { clientMessageId: "k1", content: "different body" }),
      );
      assert.deepEqual(retry, { message: first.message, created: false });
      assert.equal(await storage.getMessage(retry.message.id).then((m) => m?.content), first.message.content);
      assert.equal(await storage.lastSeq(roomKey(room.id)), 1, "a duplicate takes no seq");
      if (probe) {
        assert.equal(await probe.countRows("messages"), 1);
        assert.deepEqual(await probe.logSeqs(roomKey(room.id)), [1]);
      }
    },
  },
  {
    name: "clientMessageId is scoped to the author",
    async run({ storage, fx }) {
      const a = await fx.addUser();
      const b = await fx.addUser();
      const room = await fx.addRoom(a.id);
      const ra = await storage.appendMessage(fx.roomMessage(room.id, a.id, { clientMessageId: "same" }));
      const rb = await storage.appendMessage(fx.roomMessage(room.id, b.id, { clientMessageId: "same" }));
      assert.equal(rb.created, true);
      assert.notEqual(rb.message.id, ra.message.id);
      assert.equal(rb.message.seq, 2);
    },
  },
  {
    name: "clientMessageId is unique per author across conversations",
    async run({ storage, fx }) {
      const user = await fx.addUser();
      const r1 = await fx.addRoom(user.id);
      const r2 = await fx.addRoom(user.id);
      const first = await storage.appendMessage(fx.roomMessage(r1.id, user.id, { clientMessageId: "k" }));
      const again = await storage.appendMessage(fx.roomMessage(r2.id, user.id, { clientMessageId: "k" }));
      assert.deepEqual(again, { message: first.message, created: false });
      assert.equal(await storage.lastSeq(roomKey(r2.id)), 0);
    },
  },
  {
    name: "messages without clientMessageId are never deduplicated",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const input = fx.roomMessage(room.id, user.id);
      const a = await storage.appendMessage(input);
      const b = await storage.appendMessage({ ...input, id: fx.roomMessage(room.id, user.id).id });
      assert.equal(a.created && b.created, true);
      assert.deepEqual([a.message.seq, b.message.seq], [1, 2]);
      if (probe) assert.equal(await probe.countRows("messages"), 2);
    },
  },
  {
    name: "concurrent appends with the same clientMessageId store one message",
    slow: true,
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      for (const copies of [2, 8]) {
        const key = `race-${copies}`;
        const inputs = Array.from({ length: copies }, () =>
          fx.roomMessage(room.id, user.id, { clientMessageId: key }),
        );
        const results = await Promise.all(inputs.map((m) => storage.appendMessage(m)));
        assert.equal(results.filter((r) => r.created).length, 1, `${copies} racers: exactly one creates`);
        const ids = new Set(results.map((r) => r.message.id));
        assert.equal(ids.size, 1, `${copies} racers: all see the same message`);
      }
      assert.equal(await storage.lastSeq(roomKey(room.id)), 2);
      const history = await storage.listMessages(roomKey(room.id), { limit: 10 });
      assert.equal(history.length, 2);
      if (probe) {
        assert.equal(await probe.countRows("messages"), 2);
        assert.deepEqual(await probe.messageSeqs(roomKey(room.id)), [1, 2]);
      }
    },
  },
  {
    name: "appendMessages deduplicates within a batch and against earlier messages",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const earlier = await storage.appendMessage(
        fx.roomMessage(room.id, user.id, { clientMessageId: "old" }),
      );
      const batch = [
        fx.roomMessage(room.id, user.id, { clientMessageId: "new" }),
        fx.roomMessage(room.id, user.id, { clientMessageId: "old" }),
        fx.roomMessage(room.id, user.id, { clientMessageId: "new" }),
        fx.roomMessage(room.id, user.id),
      ];
      const results = await storage.appendMessages(batch);
      assert.deepEqual(
        results.map((r) => [r.message.id, r.created]),
        [
          [batch[0]!.id, true],
          [earlier.message.id, false],
          [batch[0]!.id, false],
          [batch[3]!.id, true],
        ],
      );
      assert.deepEqual(
        results.map((r) => r.message.seq),
        [2, 1, 2, 3],
      );
      if (probe) assert.equal(await probe.countRows("messages"), 3);
    },
  },
];
