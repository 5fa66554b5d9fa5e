/** Conformance cases: memberships and room bans (capacity, already_member, ordering). */
import assert from "node:assert/strict";
import { expectCode } from "../assertions.ts";
import type { StorageCase } from "../storage-case.ts";

export const membershipsCases: readonly StorageCase[] = [
  {
    name: "addMember then getMembership returns the membership",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const user = await fx.addUser();
      const room = await fx.addRoom(owner.id);
      const member = fx.member(room.id, user.id, { role: "moderator" });
      await storage.addMember(member, 100);
      assert.deepEqual(await storage.getMembership(room.id, user.id), member);
      assert.equal(await storage.getMembership(room.id, (await fx.addUser()).id), null);
      if (probe) assert.equal(await probe.memberCount(room.id), 2);
    },
  },
  {
    name: "addMember rejects an existing member with already_member",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const user = await fx.addUser();
      const room = await fx.addRoom(owner.id, { maxMembers: 2 });
      const member = fx.member(room.id, user.id);
      await storage.addMember(member, 100);
      await expectCode(storage.addMember(fx.member(room.id, user.id), 100), "already_member", "second join");
      await expectCode(storage.addMember(fx.member(room.id, owner.id), 100), "already_member", "owner joins");
      assert.deepEqual(await storage.getMembership(room.id, user.id), member, "the first membership stays");
      if (probe) assert.equal(await probe.memberCount(room.id), 2);
    },
  },
  {
    name: "addMember enforces maxMembers with room_full",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const room = await fx.addRoom(owner.id, { maxMembers: 3 });
      await storage.addMember(fx.member(room.id, (await fx.addUser()).id), 100);
      await storage.addMember(fx.member(room.id, (await fx.addUser()).id), 100);
      const late = await fx.addUser();
      await expectCode(storage.addMember(fx.member(room.id, late.id), 100), "room_full", "fourth member");
      assert.equal(await storage.getMembership(room.id, late.id), null);
      assert.equal((await storage.listMemberIds(room.id)).length, 3);
      if (probe) assert.equal(await probe.memberCount(room.id), 3);
    },
  },
  {
    name: "addMember uses defaultMaxMembers when the room has no cap",
    async run({ storage, fx }) {
      const owner = await fx.addUser();
      const room = await fx.addRoom(owner.id, { maxMembers: null });
      await storage.addMember(fx.member(room.id, (await fx.addUser()).id), 2);
      await expectCode(
        storage.addMember(fx.member(room.id, (await fx.addUser()).id), 2),
        "room_full",
        "over default",
      );
      await storage.addMember(fx.member(room.id, (await fx.addUser()).id), 3);
    },
  },
  {
    name: "concurrent addMember calls never exceed the cap",
    slow: true,
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const room = await fx.addRoom(owner.id, { maxMembers: 5 });
      const users = [];
      for (let i = 0; i < 12; i++) users.push(await fx.addUser());
      const results = await Promise.allSettled(
        users.map((u) => storage.addMember(fx.member(room.id, u.id), 100)),
      );
      const joined = results.filter((r) => r.status === "fulfilled").length;
      assert.equal(joined, 4, "owner + 4 joiners fill a room of 5");
      for (const r of results) {
        if (r.status === "rejected") assert.equal((r.reason as { code?: string }).code, "room_full");
      }
      assert.equal((await storage.listMemberIds(room.id)).length, 5);
      if (probe) assert.equal(await probe.memberCount(room.id), 5);
    },
  },
  {
    name: "removeMember removes a membership once",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const user = await fx.addUser();
      const room = await fx.addRoom(owner.id);
      await storage.addMember(fx.member(room.id, user.id), 100);
      assert.equal(await storage.removeMember(room.id, user.id), true);
      assert.equal(await storage.removeMember(room.id, user.id), false);
      assert.equal(await storage.getMembership(room.id, user.id), null);
      assert.deepEqual(await storage.listMembershipsOf(user.id), []);
      if (probe) assert.equal(await probe.memberCount(room.id), 1);
      await storage.addMember(fx.member(room.id, user.id), 100);
    },
  },
  {
    name: "setMemberRole changes the role or returns null for non-members",
    async run({ storage, fx }) {
      const owner = await fx.addUser();
      const user = await fx.addUser();
      const room = await fx.addRoom(owner.id);
      const member = fx.member(room.id, user.id);
      await storage.addMember(member, 100);
      assert.deepEqual(await storage.setMemberRole(room.id, user.id, "moderator"), {
        ...member,
        role: "moderator",
      });
      assert.equal((await storage.getMembership(room.id, user.id))?.role, "moderator");
      assert.equal(await storage.setMemberRole(room.id, (await fx.addUser()).id, "owner"), null);
    },
  },
  {
    name: "listMembers puts owners first, then join order, with usernames and a true total",
    async run({ storage, fx }) {
      const owner = await fx.addUser({ username: "zed" });
      const room = await fx.addRoom(owner.id);
      const a = await fx.addUser({ username: "amy" });
      const b = await fx.addUser({ username: "ben" });
      const c = await fx.addUser({ username: "cid" });
      await storage.addMember(fx.member(room.id, b.id), 100);
      await storage.addMember(fx.member(room.id, a.id, { role: "moderator" }), 100);
      await storage.addMember(fx.member(room.id, c.id), 100);
      await storage.setMemberRole(room.id, c.id, "owner");
      const page = await storage.listMembers(room.id, { limit: 10, offset: 0 });
      assert.equal(page.total, 4);
      assert.deepEqual(
        page.items.map((m) => [m.username, m.role]),
        [
          ["zed", "owner"],
          ["cid", "owner"],
          ["ben", "member"],
          ["amy", "moderator"],
        ],
      );
      const second = await storage.listMembers(room.id, { limit: 2, offset: 2 });
      assert.deepEqual(second, { items: page.items.slice(2), total: 4 });
      assert.equal(second.items[0]?.userId, b.id);
    },
  },
  {
    name: "listMemberIds and listMembershipsOf list every membership",
    async run({ storage, fx }) {
      const owner = await fx.addUser();
      const user = await fx.addUser();
      const r1 = await fx.addRoom(owner.id);
      const r2 = await fx.addRoom(owner.id);
      await fx.addRoom(owner.id);
      const m1 = fx.member(r1.id, user.id);
      const m2 = fx.member(r2.id, user.id, { role: "moderator" });
      await storage.addMember(m1, 100);
      await storage.addMember(m2, 100);
      assert.deepEqual((await storage.listMemberIds(r1.id)).sort(), [owner.id, user.id].sort());
      const mine = await storage.listMembershipsOf(user.id);
      assert.deepEqual(
        mine.sort((x, y) => x.joinedAt - y.joinedAt),
        [m1, m2],
      );
      assert.equal((await storage.listMembershipsOf(owner.id)).length, 3);
      assert.deepEqual(await storage.listMemberIds(fx.room(owner.id).room.id), []);
    },
  },
  {
    name: "addRoomBan is idempotent and keeps the first ban",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const user = await fx.addUser();
      const room = await fx.addRoom(owner.id);
      const ban = {
        roomId: room.id,
        userId: user.id,
        bannedBy: owner.id,
        reason: "spam",
        createdAt: fx.tick(),
      };
      await storage.addRoomBan(ban);
      await storage.addRoomBan({ ...ban, reason: "again", createdAt: fx.tick() });
      assert.deepEqual(await storage.getRoomBan(room.id, user.id), ban);
      assert.equal(await storage.getRoomBan(room.id, owner.id), null);
      if (probe) assert.equal(await probe.countRows("room_bans"), 1);
    },
  },
  {
    name: "removeRoomBan lifts a ban once",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const user = await fx.addUser();
      const room = await fx.addRoom(owner.id);
      await storage.addRoomBan({
        roomId: room.id,
        userId: user.id,
        bannedBy: owner.id,
        reason: null,
        createdAt: 1,
      });
      assert.equal(await storage.removeRoomBan(room.id, user.id), true);
      assert.equal(await storage.removeRoomBan(room.id, user.id), false);
      assert.equal(await storage.getRoomBan(room.id, user.id), null);
      if (probe) assert.equal(await probe.countRows("room_bans"), 0);
    },
  },
];
