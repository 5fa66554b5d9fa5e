/** Conformance cases: read markers (forward only) and unread counts. */
import assert from "node:assert/strict";
import { dmKey, roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

export const readMarkersCases: readonly StorageCase[] = [
  {
    name: "setReadMarker only moves forward and returns the marker in force",
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const conv = roomKey(fx.room(user.id).room.id);
      const t1 = fx.tick();
      const first = await storage.setReadMarker(user.id, conv, 5, t1);
      assert.deepEqual(first, { userId: user.id, conversation: conv, lastReadSeq: 5, updatedAt: t1 });
      assert.deepEqual(
        await storage.setReadMarker(user.id, conv, 3, fx.tick()),
        first,
        "backwards is ignored",
      );
      assert.deepEqual(
        await storage.setReadMarker(user.id, conv, 5, fx.tick()),
        first,
        "same seq is ignored",
      );
      const t2 = fx.tick();
      assert.deepEqual(await storage.setReadMarker(user.id, conv, 8, t2), {
        ...first,
        lastReadSeq: 8,
        updatedAt: t2,
      });
      if (probe) {
        assert.equal(await probe.readMarkerSeq(user.id, conv), 8);
        assert.equal(await probe.countRows("read_markers"), 1);
      }
    },
  },
  {
    name: "concurrent setReadMarker calls keep the highest seq",
    slow: true,
    async run({ storage, probe, fx }) {
      const user = await fx.addUser();
      const conv = roomKey(fx.room(user.id).room.id);
      const seqs = [4, 9, 2, 7, 12, 1, 11, 3, 8, 10];
      const at = fx.tick();
      await Promise.all(seqs.map((seq) => storage.setReadMarker(user.id, conv, seq, at)));
      const markers = await storage.listReadMarkers(user.id);
      assert.deepEqual(
        markers.map((m) => m.lastReadSeq),
        [12],
      );
      if (probe) assert.equal(await probe.readMarkerSeq(user.id, conv), 12);
    },
  },
  {
    name: "listReadMarkers lists every marker of the user and no one else's",
    async run({ storage, fx }) {
      const a = await fx.addUser();
      const b = await fx.addUser();
      const room = roomKey(fx.room(a.id).room.id);
      const dm = dmKey(a.id, b.id);
      const m1 = await storage.setReadMarker(a.id, room, 3, fx.tick());
      const m2 = await storage.setReadMarker(a.id, dm, 1, fx.tick());
      await storage.setReadMarker(b.id, room, 9, fx.tick());
      const mine = await storage.listReadMarkers(a.id);
      assert.deepEqual(
        mine.sort((x, y) => x.updatedAt - y.updatedAt),
        [m1, m2],
      );
      assert.deepEqual(await storage.listReadMarkers((await fx.addUser()).id), []);
    },
  },
  {
    name: "countUnread counts live messages by others above the marker",
    async run({ storage, fx }) {
      const me = await fx.addUser();
      const other = await fx.addUser();
      const room = await fx.addRoom(me.id);
      const conv = roomKey(room.id);
      const dm = dmKey(me.id, other.id);
      const unknown = roomKey(fx.room(me.id).room.id);
      await fx.appendMany(room.id, me.id, 2);
      const theirs = await fx.appendMany(room.id, other.id, 4);
      await storage.appendMessage(fx.dmMessage(other.id, me.id));
      await storage.deleteMessage(theirs[1]!.id, fx.tick(), other.id);
      assert.deepEqual(await storage.countUnread(me.id, [conv, dm, unknown]), {
        [conv]: 3,
        [dm]: 1,
        [unknown]: 0,
      });
      await storage.setReadMarker(me.id, conv, theirs[2]!.seq, fx.tick());
      assert.deepEqual(await storage.countUnread(me.id, [conv]), { [conv]: 1 });
      await storage.editMessage(theirs[3]!.id, "edited", fx.tick());
      assert.deepEqual(await storage.countUnread(me.id, [conv]), { [conv]: 1 }, "edits are not new messages");
      assert.deepEqual(await storage.countUnread(other.id, [conv, dm]), { [conv]: 2, [dm]: 0 });
      assert.deepEqual(await storage.countUnread(me.id, []), {});
    },
  },
];
