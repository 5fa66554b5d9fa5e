/** Conformance cases: rooms (atomic creation with owner, unique names, soft deletes, listing). */
import assert from "node:assert/strict";
import { expectCode, expectFields } from "../assertions.ts";
import type { StorageCase } from "../storage-case.ts";

export const roomsCases: readonly StorageCase[] = [
  {
    name: "createRoom stores the room and its owner membership",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const { room, owner: membership } = fx.room(owner.id, {
        description: "about",
        isPrivate: true,
        maxMembers: 7,
      });
      await storage.createRoom(room, membership);
      assert.deepEqual(await storage.getRoom(room.id), room);
      assert.deepEqual(await storage.getMembership(room.id, owner.id), membership);
      assert.equal(await storage.getRoom(fx.room(owner.id).room.id), null, "unknown id gives null");
      if (probe) {
        assert.equal(await probe.countRows("rooms"), 1);
        assert.equal(await probe.memberCount(room.id), 1);
        expectFields(await probe.roomRow(room.id), { name: room.name, deletedAt: null }, "probe.roomRow");
      }
    },
  },
  {
    name: "createRoom rejects a name differing only in case with room_name_taken and stores nothing",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      await fx.addRoom(owner.id, { name: "Lobby" });
      const other = await fx.addUser();
      const clash = fx.room(other.id, { name: "LOBBY" });
      await expectCode(storage.createRoom(clash.room, clash.owner), "room_name_taken", "createRoom(LOBBY)");
      assert.equal(await storage.getRoom(clash.room.id), null);
      assert.equal(await storage.getMembership(clash.room.id, other.id), null, "no owner membership leaks");
      assert.deepEqual(await storage.listMembershipsOf(other.id), []);
      if (probe) {
        assert.equal(await probe.countRows("rooms"), 1);
        assert.equal(await probe.countRows("memberships"), 1);
      }
    },
  },
  {
    name: "updateRoom applies a partial patch and returns the new record",
    async run({ storage, fx }) {
      const owner = await fx.addUser();
      const room = await fx.addRoom(owner.id);
      const at = fx.tick();
      const patch = { description: "new topic", isPrivate: true, maxMembers: 3, updatedAt: at };
      assert.deepEqual(await storage.updateRoom(room.id, patch), { ...room, ...patch });
      assert.deepEqual(await storage.getRoom(room.id), { ...room, ...patch });
      assert.equal(await storage.updateRoom(fx.room(owner.id).room.id, { description: "x" }), null);
    },
  },
  {
    name: "updateRoom to a name held by another room fails with room_name_taken",
    async run({ storage, fx }) {
      const owner = await fx.addUser();
      const first = await fx.addRoom(owner.id, { name: "alpha" });
      const second = await fx.addRoom(owner.id, { name: "beta" });
      await expectCode(
        storage.updateRoom(second.id, { name: "ALPHA" }),
        "room_name_taken",
        "rename to ALPHA",
      );
      assert.equal((await storage.getRoom(second.id))?.name, "beta", "failed rename changes nothing");
      assert.equal(
        (await storage.updateRoom(first.id, { name: "Alpha" }))?.name,
        "Alpha",
        "own name, new case",
      );
      assert.equal((await storage.updateRoom(second.id, { name: "gamma" }))?.name, "gamma");
      await fx.addRoom(owner.id, { name: "beta" });
    },
  },
  {
    name: "deleteRoom soft-deletes once and frees the name",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const room = await fx.addRoom(owner.id, { name: "Doomed" });
      const at = fx.tick();
      assert.equal(await storage.deleteRoom(room.id, at), true);
      assert.equal(await storage.getRoom(room.id), null, "a deleted room reads as missing");
      assert.equal(await storage.deleteRoom(room.id, fx.tick()), false, "second delete gives false");
      assert.equal(await storage.deleteRoom(fx.room(owner.id).room.id, at), false, "unknown id gives false");
      assert.equal(
        await storage.updateRoom(room.id, { description: "x" }),
        null,
        "deleted rooms are not updated",
      );
      if (probe) {
        expectFields(await probe.roomRow(room.id), { deletedAt: at }, "probe.roomRow");
        assert.equal(await probe.countRows("rooms"), 1, "soft delete keeps the row");
      }
      const again = await fx.addRoom(owner.id, { name: "doomed" });
      assert.equal((await storage.getRoom(again.id))?.name, "doomed");
    },
  },
  {
    name: "deleteRoom removes memberships and pending invitations",
    async run({ storage, probe, fx }) {
      const owner = await fx.addUser();
      const member = await fx.addUser();
      const invitee = await fx.addUser();
      const room = await fx.addRoom(owner.id);
      const kept = await fx.addRoom(owner.id);
      await storage.addMember(fx.member(room.id, member.id), 100);
      const invitation = await fx.addInvitation(room.id, owner.id, invitee.id);
      await storage.deleteRoom(room.id, fx.tick());
      assert.deepEqual(await storage.listMemberIds(room.id), []);
      assert.equal(await storage.getMembership(room.id, member.id), null);
      assert.deepEqual(
        (await storage.listMembershipsOf(owner.id)).map((m) => m.roomId),
        [kept.id],
      );
      assert.deepEqual(await storage.listInvitations({ roomId: room.id, status: "pending" }), []);
      assert.notEqual((await storage.getInvitation(invitation.id))?.status ?? "gone", "pending");
      if (probe) {
        assert.equal(await probe.memberCount(room.id), 0);
        assert.notEqual(await probe.invitationStatus(invitation.id), "pending");
      }
    },
  },
  {
    name: "listRooms orders by creation and reports a true total",
    async run({ storage, fx }) {
      const owner = await fx.addUser();
      const rooms = [];
      for (let i = 0; i < 5; i++) rooms.push(await fx.addRoom(owner.id));
      const page = await storage.listRooms({ limit: 2, offset: 2 });
      assert.deepEqual(page, { items: rooms.slice(2, 4), total: 5 });
      await storage.deleteRoom(rooms[0]!.id, fx.tick());
      const after = await storage.listRooms({ limit: 10, offset: 0 });
      assert.deepEqual(after, { items: rooms.slice(1), total: 4 }, "deleted rooms are left out");
    },
  },
  {
    name: "listRooms filters by search, publicOnly, memberId and visibleTo",
    async run({ storage, fx }) {
      const owner = await fx.addUser();
      const member = await fx.addUser();
      const stranger = await fx.addUser();
      const general = await fx.addRoom(owner.id, { name: "General" });
      const secret = await fx.addRoom(owner.id, { name: "Secret Generals", isPrivate: true });
      const hidden = await fx.addRoom(owner.id, { name: "hidden", isPrivate: true });
      const random = await fx.addRoom(member.id, { name: "random" });
      await storage.addMember(fx.member(secret.id, member.id), 100);
      const ids = async (q: Parameters<typeof storage.listRooms>[0]) => {
        const page = await storage.listRooms(q);
        assert.equal(page.total, page.items.length);
        return page.items.map((r) => r.id);
      };
      const all = { limit: 50, offset: 0 };
      assert.deepEqual(await ids({ ...all, search: "GENERAL" }), [general.id, secret.id]);
      assert.deepEqual(await ids({ ...all, publicOnly: true }), [general.id, random.id]);
      assert.deepEqual(await ids({ ...all, memberId: member.id }), [secret.id, random.id]);
      assert.deepEqual(await ids({ ...all, visibleTo: member.id }), [general.id, secret.id, random.id]);
      assert.deepEqual(await ids({ ...all, visibleTo: stranger.id }), [general.id, random.id]);
      assert.deepEqual(await ids({ ...all, visibleTo: owner.id }), [
        general.id,
        secret.id,
        hidden.id,
        random.id,
      ]);
      assert.deepEqual(await ids({ ...all, visibleTo: member.id, search: "gen" }), [general.id, secret.id]);
    },
  },
];
