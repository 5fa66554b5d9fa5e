/** Conformance cases: users (case-insensitive uniqueness, lookups, paging, soft deletes). */
import assert from "node:assert/strict";
import { expectCode, expectFields } from "../assertions.ts";
import type { StorageCase } from "../storage-case.ts";

export const usersCases: readonly StorageCase[] = [
  {
    name: "createUser then getUser returns an equal record",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser({ lastSeenAt: fx.tick(), role: "admin" });
      assert.deepEqual(await storage.getUser(user.id), user);
      assert.equal(await storage.getUser(fx.user().id), null, "unknown id gives null");
      if (probe) {
        assert.equal(await probe.countRows("users"), 1);
        expectFields(
          await probe.userRow(user.id),
          { id: user.id, username: user.username, email: user.email, bannedAt: null, deletedAt: null },
          "probe.userRow",
        );
      }
    },
  },
  {
    name: "createUser rejects a username differing only in case with username_taken",
    async run({ storage, probe, fx }) {
      await fx.addUser({ username: "Alice", email: "alice@example.com" });
      const clash = fx.user({ username: "aLICE", email: "other@example.com" });
      await expectCode(storage.createUser(clash), "username_taken", "createUser(aLICE)");
      assert.equal(await storage.getUser(clash.id), null, "the clashing user must not be stored");
      if (probe) assert.equal(await probe.countRows("users"), 1, "no row for the rejected user");
    },
  },
  {
    name: "createUser rejects an email differing only in case with email_taken",
    async run({ storage, probe, fx }) {
      await fx.addUser({ username: "bob", email: "bob@example.com" });
      const clash = fx.user({ username: "robert", email: "BOB@Example.com" });
      await expectCode(storage.createUser(clash), "email_taken", "createUser(BOB@Example.com)");
      assert.equal(await storage.getUser(clash.id), null);
      if (probe) assert.equal(await probe.countRows("users"), 1, "no row for the rejected user");
    },
  },
  {
    name: "findUserByIdentifier matches username or email exactly, ignoring case",
    async run({ storage, fx }) {
      const user = await fx.addUser({ username: "Carol", email: "carol@example.com" });
      await fx.addUser({ username: "Carolyn", email: "carolyn@example.com" });
      assert.deepEqual(await storage.findUserByIdentifier("carol"), user);
      assert.deepEqual(await storage.findUserByIdentifier("CAROL@EXAMPLE.COM"), user);
      assert.equal(await storage.findUserByIdentifier("caro"), null, "no substring matches");
      assert.equal(await storage.findUserByIdentifier("nobody"), null);
    },
  },
  {
    name: "updateUser applies a partial patch and returns the new record",
    async run({ storage, fx }) {
      const user = await fx.addUser();
      const at = fx.tick();
      const updated = await storage.updateUser(user.id, { role: "moderator", lastSeenAt: at, updatedAt: at });
      const expected = { ...user, role: "moderator" as const, lastSeenAt: at, updatedAt: at };
      assert.deepEqual(updated, expected);
      assert.deepEqual(await storage.getUser(user.id), expected);
      assert.equal(await storage.updateUser(fx.user().id, { role: "admin" }), null, "unknown id gives null");
    },
  },
  {
    name: "a deleted user keeps its row and stays readable by id",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const at = fx.tick();
      await storage.updateUser(user.id, { deletedAt: at });
      assert.equal((await storage.getUser(user.id))?.deletedAt, at);
      assert.deepEqual(await storage.getUsers([user.id]), [{ ...user, deletedAt: at }]);
      if (probe) {
        assert.equal((await probe.userRow(user.id))?.deletedAt, at);
        assert.equal(await probe.countRows("users"), 1);
      }
    },
  },
  {
    name: "listUsers orders by username ignoring case and reports a true total",
    async run({ storage, fx }) {
      for (const username of ["delta", "Bravo", "alpha", "Charlie", "echo"]) await fx.addUser({ username });
      const page = await storage.listUsers({ limit: 2, offset: 1 });
      assert.deepEqual(
        page.items.map((u) => u.username),
        ["Bravo", "Charlie"],
      );
      assert.equal(page.total, 5);
      const past = await storage.listUsers({ limit: 10, offset: 10 });
      assert.deepEqual(past, { items: [], total: 5 });
    },
  },
  {
    name: "listUsers search is a case-insensitive substring of the username",
    async run({ storage, fx }) {
      for (const username of ["Marvin", "arthur", "Trillian", "MARTHA"]) await fx.addUser({ username });
      const page = await storage.listUsers({ limit: 1, offset: 0, search: "aR" });
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.items.map((u) => u.username),
        ["arthur"],
      );
    },
  },
  {
    name: "listUsers hides banned and deleted users unless includeInactive",
    async run({ storage, fx }) {
      const at = fx.tick();
      await fx.addUser({ username: "active" });
      await fx.addUser({ username: "banned", bannedAt: at });
      await fx.addUser({ username: "deleted", deletedAt: at });
      const live = await storage.listUsers({ limit: 10, offset: 0 });
      assert.deepEqual(
        live.items.map((u) => u.username),
        ["active"],
      );
      assert.equal(live.total, 1);
      const all = await storage.listUsers({ limit: 10, offset: 0, includeInactive: true });
      assert.deepEqual(
        all.items.map((u) => u.username),
        ["active", "banned", "deleted"],
      );
      assert.equal(all.total, 3);
    },
  },
  {
    name: "listUsers with ids returns only those users",
    async run({ storage, fx }) {
      const a = await fx.addUser({ username: "a" });
      await fx.addUser({ username: "b" });
      const c = await fx.addUser({ username: "c" });
      const page = await storage.listUsers({ limit: 10, offset: 0, ids: [c.id, a.id, fx.user().id] });
      assert.deepEqual(page, { items: [a, c], total: 2 });
      assert.deepEqual(await storage.listUsers({ limit: 10, offset: 0, ids: [] }), { items: [], total: 0 });
    },
  },
  {
    name: "getUsers returns the existing users and skips missing ids",
    async run({ storage, fx }) {
      const a = await fx.addUser();
      const b = await fx.addUser();
      await fx.addUser();
      const found = await storage.getUsers([b.id, fx.user().id, a.id]);
      assert.deepEqual(
        found.sort((x, y) => x.username.localeCompare(y.username)),
        [a, b],
      );
      assert.deepEqual(await storage.getUsers([]), []);
    },
  },
];
