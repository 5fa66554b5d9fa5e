/** Conformance cases: sessions (activity, expiry, revocation). */
import assert from "node:assert/strict";
import { expectFields } from "../assertions.ts";
import type { StorageCase } from "../storage-case.ts";

export const sessionsCases: readonly StorageCase[] = [
  {
    name: "createSession then getSession returns an equal record",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const session = await fx.addSession(user.id, {
        protocol: "websocket",
        ipAddress: null,
        userAgent: null,
      });
      assert.deepEqual(await storage.getSession(session.id), session);
      assert.equal(await storage.getSession(fx.session(user.id).id), null, "unknown id gives null");
      if (probe) {
        assert.equal(await probe.countRows("sessions"), 1);
        expectFields(
          await probe.sessionRow(session.id),
          { userId: user.id, revokedAt: null },
          "probe.sessionRow",
        );
      }
    },
  },
  {
    name: "touchSession records activity and extends expiry only when asked",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const session = await fx.addSession(user.id);
      const first = fx.tick();
      await storage.touchSession(session.id, first);
      assert.deepEqual(await storage.getSession(session.id), { ...session, lastActiveAt: first });
      const second = fx.tick();
      const expiresAt = second + 7_200_000;
      await storage.touchSession(session.id, second, expiresAt);
      assert.deepEqual(await storage.getSession(session.id), { ...session, lastActiveAt: second, expiresAt });
      if (probe) {
        expectFields(
          await probe.sessionRow(session.id),
          { lastActiveAt: second, expiresAt },
          "probe.sessionRow",
        );
      }
      await storage.touchSession(fx.session(user.id).id, second);
      assert.equal(
        await storage.getSession(fx.session(user.id).id),
        null,
        "touching an unknown id creates nothing",
      );
    },
  },
  {
    name: "revokeSession revokes once and keeps the row",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const session = await fx.addSession(user.id);
      const at = fx.tick();
      assert.equal(await storage.revokeSession(session.id, at, "logout"), true);
      assert.equal(
        await storage.revokeSession(session.id, fx.tick(), "again"),
        false,
        "second revoke is a no-op",
      );
      assert.equal(
        await storage.revokeSession(fx.session(user.id).id, at, "x"),
        false,
        "unknown id gives false",
      );
      assert.deepEqual(await storage.getSession(session.id), {
        ...session,
        revokedAt: at,
        revokedReason: "logout",
      });
      if (probe) expectFields(await probe.sessionRow(session.id), { revokedAt: at }, "probe.sessionRow");
    },
  },
  {
    name: "revokeUserSessions revokes every live session of the user except one",
    async run({ storage, fx }) {
      const user = await fx.addUser();
      const other = await fx.addUser();
      const keep = await fx.addSession(user.id);
      const live = [await fx.addSession(user.id), await fx.addSession(user.id)];
      const old = await fx.addSession(user.id);
      const oldAt = fx.tick();
      await storage.revokeSession(old.id, oldAt, "logout");
      const foreign = await fx.addSession(other.id);
      const at = fx.tick();
      const revoked = await storage.revokeUserSessions(user.id, at, "password_changed", keep.id);
      assert.deepEqual([...revoked].sort(), live.map((s) => s.id).sort());
      for (const s of live) {
        assert.deepEqual(await storage.getSession(s.id), {
          ...s,
          revokedAt: at,
          revokedReason: "password_changed",
        });
      }
      assert.equal((await storage.getSession(keep.id))?.revokedAt, null, "the excepted session stays live");
      assert.equal((await storage.getSession(foreign.id))?.revokedAt, null, "other users are untouched");
      const oldNow = await storage.getSession(old.id);
      assert.equal(oldNow?.revokedAt, oldAt, "an already revoked session keeps its first revocation");
      assert.equal(oldNow?.revokedReason, "logout");
      assert.deepEqual(await storage.revokeUserSessions(user.id, fx.tick(), "ban"), [keep.id]);
    },
  },
];
