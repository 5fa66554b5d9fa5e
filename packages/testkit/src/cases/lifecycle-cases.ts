/** Conformance cases: lifecycle (init, ping), capabilities, stats and copy semantics. */
import assert from "node:assert/strict";
import { roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

export const lifecycleCases: readonly StorageCase[] = [
  {
    name: "init is idempotent and keeps existing data",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      await storage.init();
      await storage.init();
      assert.deepEqual(await storage.getUser(user.id), user);
      if (probe) assert.equal(await probe.countRows("users"), 1);
    },
  },
  {
    name: "ping resolves on a working storage",
    async run({ storage }) {
      assert.equal(await storage.ping(), undefined);
    },
  },
  {
    name: "capabilities are declared as booleans",
    async run({ storage }) {
      const { capabilities } = storage;
      for (const key of ["persistent", "multiProcess", "batchAppend"] as const) {
        assert.equal(typeof capabilities[key], "boolean", `capabilities.${key}`);
      }
    },
  },
  {
    name: "stats counts live users, rooms, messages and active sessions",
    async run({ storage, fx }) {
      assert.deepEqual(await storage.stats(fx.now()), { users: 0, rooms: 0, messages: 0, activeSessions: 0 });
      const a = await fx.addUser();
      const b = await fx.addUser();
      await fx.addUser({ deletedAt: fx.tick() });
      const room = await fx.addRoom(a.id);
      const gone = await fx.addRoom(a.id);
      await storage.deleteRoom(gone.id, fx.tick());
      const [m1] = await fx.appendMany(room.id, a.id, 3);
      await storage.deleteMessage(m1!.id, fx.tick(), a.id);
      const now = fx.tick();
      await fx.addSession(a.id, { expiresAt: now + 60_000 });
      await fx.addSession(b.id, { expiresAt: now + 60_000 });
      await fx.addSession(b.id, { expiresAt: now - 1 });
      const revoked = await fx.addSession(a.id, { expiresAt: now + 60_000 });
      await storage.revokeSession(revoked.id, now, "logout");
      assert.deepEqual(await storage.stats(now), { users: 2, rooms: 1, messages: 2, activeSessions: 2 });
    },
  },
  {
    name: "returned records are copies the caller may change freely",
    async run({ storage, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const [message] = await fx.appendMany(room.id, user.id, 1);
      const read = await storage.getUser(user.id);
      read!.username = "mutated";
      (await storage.listUsers({ limit: 10, offset: 0 })).items[0]!.email = "mutated";
      const r = await storage.getRoom(room.id);
      r!.name = "mutated";
      message!.content = "mutated";
      (await storage.listMessages(roomKey(room.id), { limit: 1 }))[0]!.content = "mutated";
      (await storage.readLog(roomKey(room.id), 0, 1))[0]!.message.content = "mutated";
      (await storage.getMembership(room.id, user.id))!.role = "member";
      user.username = "mutated-input";
      const fresh = await storage.getUser(user.id);
      assert.notEqual(fresh?.username, "mutated");
      assert.notEqual(fresh?.username, "mutated-input", "inputs are copied too");
      assert.notEqual(fresh?.email, "mutated");
      assert.notEqual((await storage.getRoom(room.id))?.name, "mutated");
      assert.notEqual((await storage.getMessage(message!.id))?.content, "mutated");
      assert.equal((await storage.getMembership(room.id, user.id))?.role, "owner");
    },
  },
];
