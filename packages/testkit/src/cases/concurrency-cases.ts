/** Conformance cases: many concurrent writers; seqs stay unique, gap-free and ordered. */
import assert from "node:assert/strict";
import type { MessageRecord, Storage } from "@lair-chat/server";
import { expectCode } from "../assertions.ts";
import type { Fixtures } from "../fixtures.ts";
import { roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** One writer: appends `count` messages one after another, returning their seqs. */
async function writer(storage: Storage, fx: Fixtures, roomId: string, authorId: string, count: number) {
  const seqs: number[] = [];
  for (let i = 0; i < count; i++)
    seqs.push((await storage.appendMessage(fx.roomMessage(roomId, authorId))).message.seq);
  return seqs;
}

function assertIncreasing(seqs: number[], what: string) {
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i]! > seqs[i - 1]!, `${what}: ${seqs.join(",")}`);
}

export const concurrencyCases: readonly StorageCase[] = [
  {
    name: "8 concurrent writers into one conversation get unique gap-free seqs",
    slow: true,
    async run({ storage, probe, fx }) {
      const writers = [];
      for (let i = 0; i < 8; i++) writers.push(await fx.addUser());
      const room = await fx.addRoom(writers[0]!.id);
      const perWriter = 25;
      const results = await Promise.all(writers.map((w) => writer(storage, fx, room.id, w.id, perWriter)));
      for (const [i, seqs] of results.entries())
        assertIncreasing(seqs, `writer ${i} saw its seqs go backwards`);
      const total = writers.length * perWriter;
      assert.deepEqual(
        results.flat().sort((a, b) => a - b),
        range(total),
      );
      assert.equal(await storage.lastSeq(roomKey(room.id)), total);
      const stored: MessageRecord[] = [];
      let after = 0;
      for (;;) {
        const page = await storage.listMessages(roomKey(room.id), { limit: 64, afterSeq: after });
        if (page.length === 0) break;
        stored.push(...page);
        after = page[page.length - 1]!.seq;
      }
      assert.deepEqual(
        stored.map((m) => m.seq),
        range(total),
      );
      if (probe) assert.deepEqual(await probe.messageSeqs(roomKey(room.id)), range(total));
    },
  },
  {
    name: "concurrent appends across conversations keep each conversation gap-free",
    slow: true,
    async run({ storage, probe, fx }) {
      const users = [await fx.addUser(), await fx.addUser(), await fx.addUser()];
      const rooms = [];
      for (let i = 0; i < 4; i++) rooms.push(await fx.addRoom(users[0]!.id));
      const jobs = rooms.flatMap((room) => users.map((u) => writer(storage, fx, room.id, u.id, 10)));
      await Promise.all(jobs);
      for (const room of rooms) {
        assert.equal(await storage.lastSeq(roomKey(room.id)), 30);
        const seqs = (await storage.listMessages(roomKey(room.id), { limit: 100, afterSeq: 0 })).map(
          (m) => m.seq,
        );
        assert.deepEqual(seqs, range(30));
        if (probe) assert.deepEqual(await probe.messageSeqs(roomKey(room.id)), range(30));
      }
    },
  },
  {
    name: "concurrent edits, deletes and appends take unique seqs",
    slow: true,
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const conv = roomKey(room.id);
      const base = await fx.appendMany(room.id, user.id, 10);
      const ops: Promise<number | undefined>[] = [];
      for (const [i, m] of base.entries()) {
        ops.push(storage.editMessage(m.id, `edit ${i}`, fx.tick()).then((r) => r?.seq));
        if (i % 2 === 0) ops.push(storage.deleteMessage(m.id, fx.tick(), user.id).then((r) => r?.seq));
        ops.push(storage.appendMessage(fx.roomMessage(room.id, user.id)).then((r) => r.message.seq));
      }
      const taken = (await Promise.all(ops)).filter((s): s is number => s !== undefined);
      const last = await storage.lastSeq(conv);
      assert.deepEqual(
        taken.sort((a, b) => a - b),
        range(last).slice(10),
        "every successful step took one seq, none shared",
      );
      const log = await storage.readLog(conv, 0, 1000);
      assert.deepEqual(
        log.map((e) => e.seq),
        range(last),
      );
      if (probe) assert.deepEqual(await probe.logSeqs(conv), range(last));
    },
  },
  {
    name: "concurrent appendMessages batches keep seqs unique and gap-free",
    slow: true,
    async run({ storage, fx }) {
      const user = await fx.addUser();
      const rooms = [await fx.addRoom(user.id), await fx.addRoom(user.id)];
      const batches = Array.from({ length: 6 }, (_, b) =>
        Array.from({ length: 10 }, (_, i) => fx.roomMessage(rooms[(b + i) % 2]!.id, user.id)),
      );
      const results = await Promise.all(batches.map((batch) => storage.appendMessages(batch)));
      for (const [b, r] of results.entries()) {
        assert.deepEqual(
          r.map((x) => x.message.id),
          batches[b]!.map((m) => m.id),
        );
      }
      for (const room of rooms) {
        const seqs = results
          .flat()
          .filter((r) => r.message.roomId === room.id)
          .map((r) => r.message.seq);
        assert.deepEqual(
          seqs.sort((a, b) => a - b),
          range(30),
        );
      }
    },
  },
  {
    name: "concurrent createUser calls with the same username have one winner",
    slow: true,
    async run({ storage, probe, fx }) {
      const names = ["Racer", "racer", "RACER", "rAcEr", "racer", "Racer"];
      const results = await Promise.allSettled(names.map((username) => fx.addUser({ username })));
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
      for (const r of results) {
        if (r.status === "rejected") assert.equal((r.reason as { code?: string }).code, "username_taken");
      }
      assert.equal((await storage.listUsers({ limit: 10, offset: 0 })).total, 1);
      if (probe) assert.equal(await probe.countRows("users"), 1);
    },
  },
  {
    name: "concurrent createRoom calls with the same name have one winner",
    slow: true,
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const attempts = ["Arena", "arena", "ARENA", "Arena"].map((name) => fx.room(owner.id, { name }));
      const results = await Promise.allSettled(attempts.map((a) => storage.createRoom(a.room, a.owner)));
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
      for (const r of results) {
        if (r.status === "rejected") assert.equal((r.reason as { code?: string }).code, "room_name_taken");
      }
      assert.equal((await storage.listMembershipsOf(owner.id)).length, 1, "losers leave no owner membership");
      if (probe) assert.equal(await probe.countRows("memberships"), 1);
      const late = fx.room(owner.id, { name: "ARENA" });
      await expectCode(storage.createRoom(late.room, late.owner), "room_name_taken", "a later attempt");
    },
  },
];
