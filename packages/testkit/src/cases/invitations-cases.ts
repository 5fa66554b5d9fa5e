/** Conformance cases: invitations (one pending per invitee, compare-and-set, expiry). */
import assert from "node:assert/strict";
import type { InvitationStatus } from "@lair-chat/server";
import { expectCode } from "../assertions.ts";
import type { Fixtures } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

async function cast(fx: Fixtures) {
  const owner = await fx.addUser();
  const invitee = await fx.addUser();
  const room = await fx.addRoom(owner.id, { isPrivate: true });
  return { owner, invitee, room };
}

export const invitationsCases: readonly StorageCase[] = [
  {
    name: "createInvitation then getInvitation returns an equal record",
    async run({ storage, probe, fx }) {
      const { owner, invitee, room } = await cast(fx);
      const invitation = await fx.addInvitation(room.id, owner.id, invitee.id, { message: "come in" });
      assert.deepEqual(await storage.getInvitation(invitation.id), invitation);
      assert.equal(await storage.getInvitation(fx.invitation(room.id, owner.id, invitee.id).id), null);
      if (probe) assert.equal(await probe.invitationStatus(invitation.id), "pending");
    },
  },
  {
    name: "createInvitation rejects a second pending invitation with already_invited",
    async run({ storage, probe, fx }) {
      const { owner, invitee, room } = await cast(fx);
      const first = await fx.addInvitation(room.id, owner.id, invitee.id);
      const second = fx.invitation(room.id, owner.id, invitee.id);
      await expectCode(storage.createInvitation(second), "already_invited", "second pending invitation");
      assert.equal(await storage.getInvitation(second.id), null);
      if (probe) assert.equal(await probe.countRows("invitations"), 1);
      const elsewhere = await fx.addRoom(owner.id);
      await fx.addInvitation(elsewhere.id, owner.id, invitee.id);
      await storage.resolveInvitation(first.id, "declined", fx.tick());
      await storage.createInvitation(second);
      assert.equal(
        (await storage.getInvitation(second.id))?.status,
        "pending",
        "allowed once the first is answered",
      );
    },
  },
  {
    name: "resolveInvitation moves a pending invitation exactly once",
    async run({ storage, probe, fx }) {
      const { owner, invitee, room } = await cast(fx);
      const invitation = await fx.addInvitation(room.id, owner.id, invitee.id);
      const at = fx.tick();
      const accepted = await storage.resolveInvitation(invitation.id, "accepted", at);
      assert.deepEqual(accepted, { ...invitation, status: "accepted", respondedAt: at });
      assert.equal(await storage.resolveInvitation(invitation.id, "cancelled", fx.tick()), null);
      assert.deepEqual(await storage.getInvitation(invitation.id), accepted, "the loser changes nothing");
      assert.equal(
        await storage.resolveInvitation(fx.invitation(room.id, owner.id, invitee.id).id, "declined", at),
        null,
      );
      if (probe) assert.equal(await probe.invitationStatus(invitation.id), "accepted");
    },
  },
  {
    name: "concurrent resolveInvitation calls have exactly one winner",
    slow: true,
    async run({ storage, probe, fx }) {
      const { owner, invitee, room } = await cast(fx);
      const invitation = await fx.addInvitation(room.id, owner.id, invitee.id);
      const statuses: Exclude<InvitationStatus, "pending">[] = [
        "accepted",
        "declined",
        "cancelled",
        "expired",
      ];
      const attempts = Array.from({ length: 8 }, (_, i) => statuses[i % statuses.length]!);
      const at = fx.tick();
      const results = await Promise.all(attempts.map((s) => storage.resolveInvitation(invitation.id, s, at)));
      const winners = results.filter((r) => r !== null);
      assert.equal(winners.length, 1, "exactly one compare-and-set succeeds");
      const stored = await storage.getInvitation(invitation.id);
      assert.deepEqual(stored, winners[0]);
      if (probe) assert.equal(await probe.invitationStatus(invitation.id), stored?.status);
    },
  },
  {
    name: "listInvitations applies every filter and lists newest first",
    async run({ storage, fx }) {
      const { owner, invitee, room } = await cast(fx);
      const other = await fx.addUser();
      const room2 = await fx.addRoom(other.id);
      const i1 = await fx.addInvitation(room.id, owner.id, invitee.id);
      const i2 = await fx.addInvitation(room2.id, other.id, invitee.id);
      const i3 = await fx.addInvitation(room.id, owner.id, other.id);
      const r1 = await storage.resolveInvitation(i1.id, "declined", fx.tick());
      const ids = async (q: Parameters<typeof storage.listInvitations>[0]) =>
        (await storage.listInvitations(q)).map((i) => i.id);
      assert.deepEqual(await ids({}), [i3.id, i2.id, i1.id]);
      assert.deepEqual(await ids({ inviteeId: invitee.id }), [i2.id, i1.id]);
      assert.deepEqual(await ids({ inviterId: owner.id }), [i3.id, i1.id]);
      assert.deepEqual(await ids({ roomId: room.id, status: "pending" }), [i3.id]);
      assert.deepEqual(await ids({ inviteeId: invitee.id, status: "pending" }), [i2.id]);
      assert.deepEqual(await storage.listInvitations({ status: "declined" }), [r1]);
      assert.deepEqual(await ids({ inviteeId: owner.id }), []);
    },
  },
  {
    name: "expireInvitations expires past pending invitations only, once",
    async run({ storage, probe, fx }) {
      const { owner, invitee, room } = await cast(fx);
      const late = await fx.addUser();
      const answered = await fx.addUser();
      const now = fx.tick();
      const past = await fx.addInvitation(room.id, owner.id, invitee.id, { expiresAt: now - 10_000 });
      const future = await fx.addInvitation(room.id, owner.id, late.id, { expiresAt: now + 60_000 });
      const done = await fx.addInvitation(room.id, owner.id, answered.id, { expiresAt: now - 10_000 });
      await storage.resolveInvitation(done.id, "accepted", now - 5_000);
      const expired = await storage.expireInvitations(now);
      assert.equal(expired.length, 1);
      assert.equal(expired[0]?.id, past.id);
      assert.equal(expired[0]?.status, "expired");
      assert.deepEqual(await storage.getInvitation(past.id), expired[0]);
      assert.equal((await storage.getInvitation(future.id))?.status, "pending");
      assert.equal((await storage.getInvitation(done.id))?.status, "accepted");
      assert.deepEqual(await storage.expireInvitations(now), []);
      assert.equal(
        await storage.resolveInvitation(past.id, "accepted", now),
        null,
        "an expired invitation is final",
      );
      if (probe) assert.equal(await probe.invitationStatus(past.id), "expired");
      await fx.addInvitation(room.id, owner.id, invitee.id);
    },
  },
];
