/**
 * Conformance cases: attachment metadata (the `attachments` capability). They run only on
 * adapters that declare `capabilities.attachments`; the others report them as not applicable.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { AttachmentRecord, MessageAttachment, Storage } from "@lair-chat/server";
import type { Fixtures } from "../fixtures.ts";
import { roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

type WithAttachments = Required<
  Pick<
    Storage,
    | "createAttachment"
    | "getAttachment"
    | "claimAttachments"
    | "releaseAttachments"
    | "listMessageAttachments"
    | "listGarbageAttachments"
    | "deleteAttachments"
  >
>;

function api(storage: Storage): WithAttachments {
  const s = storage as Storage & Partial<WithAttachments>;
  for (const name of [
    "createAttachment",
    "getAttachment",
    "claimAttachments",
    "releaseAttachments",
    "listMessageAttachments",
    "listGarbageAttachments",
    "deleteAttachments",
  ] as const) {
    assert.equal(typeof s[name], "function", `capabilities.attachments is true but ${name} is missing`);
  }
  return s as WithAttachments;
}

function upload(
  fx: Fixtures,
  uploaderId: string,
  overrides: Partial<AttachmentRecord> = {},
): AttachmentRecord {
  const id = randomUUID();
  return {
    id,
    name: "photo.png",
    mimeType: "image/png",
    size: 1234,
    sha256: "a".repeat(64),
    width: 640,
    height: 480,
    uploaderId,
    blobKey: id,
    createdAt: fx.tick(),
    messageId: null,
    conversation: null,
    ...overrides,
  };
}

function metadata(a: AttachmentRecord): MessageAttachment {
  const { id, name, mimeType, size, sha256, width, height } = a;
  return { id, name, mimeType, size, sha256, width, height };
}

export const attachmentsCases: readonly StorageCase[] = [
  {
    name: "createAttachment and getAttachment round-trip every field",
    requires: "attachments",
    async run({ storage, fx }) {
      const s = api(storage);
      const user = await fx.addUser();
      const a = upload(fx, user.id, { width: null, height: null, name: "résumé (1).pdf", size: 10_485_760 });
      await s.createAttachment(a);
      assert.deepEqual(await s.getAttachment(a.id), a);
      assert.equal(await s.getAttachment(randomUUID()), null);
    },
  },
  {
    name: "claimAttachments binds all or none, only the uploader's unsent uploads",
    requires: "attachments",
    async run({ storage, fx }) {
      const s = api(storage);
      const alice = await fx.addUser();
      const bob = await fx.addUser();
      const room = await fx.addRoom(alice.id);
      const conv = roomKey(room.id);
      const a1 = upload(fx, alice.id);
      const a2 = upload(fx, alice.id);
      const b1 = upload(fx, bob.id);
      for (const a of [a1, a2, b1]) await s.createAttachment(a);
      const m1 = randomUUID();
      assert.equal(await s.claimAttachments([a1.id, b1.id], alice.id, m1, conv), null, "bob's upload");
      assert.equal((await s.getAttachment(a1.id))?.messageId, null, "nothing bound by a failed claim");
      assert.equal(await s.claimAttachments([a1.id, randomUUID()], alice.id, m1, conv), null, "missing id");
      const claimed = await s.claimAttachments([a2.id, a1.id], alice.id, m1, conv);
      assert.deepEqual(
        claimed?.map((a) => [a.id, a.messageId, a.conversation]),
        [
          [a2.id, m1, conv],
          [a1.id, m1, conv],
        ],
      );
      assert.equal(await s.claimAttachments([a1.id], alice.id, randomUUID(), conv), null, "already sent");
      assert.deepEqual((await s.listMessageAttachments(m1)).map((a) => a.id).sort(), [a1.id, a2.id].sort());
      assert.equal(await s.releaseAttachments(m1), 2);
      assert.equal((await s.getAttachment(a1.id))?.messageId, null);
    },
  },
  {
    name: "concurrent claims of one upload bind it to exactly one message",
    requires: "attachments",
    slow: true,
    async run({ storage, fx }) {
      const s = api(storage);
      const user = await fx.addUser();
      const a = upload(fx, user.id);
      await s.createAttachment(a);
      const results = await Promise.all(
        Array.from({ length: 8 }, () => s.claimAttachments([a.id], user.id, randomUUID(), "room:x")),
      );
      assert.equal(results.filter((r) => r !== null).length, 1);
    },
  },
  {
    name: "messages keep kind and attachments through history, log, edit and lookups",
    requires: "attachments",
    async run({ storage, fx }) {
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const files = [
        metadata(upload(fx, user.id)),
        metadata(upload(fx, user.id, { width: null, height: null })),
      ];
      const { message } = await storage.appendMessage(
        fx.roomMessage(room.id, user.id, { kind: "image", attachments: files }),
      );
      assert.equal(message.kind, "image");
      assert.deepEqual(message.attachments, files);
      assert.deepEqual((await storage.getMessage(message.id))?.attachments, files);
      const edited = await storage.editMessage(message.id, "new caption", fx.tick());
      assert.deepEqual(edited?.message.attachments, files);
      const [listed] = await storage.listMessages(roomKey(room.id), { limit: 10 });
      assert.equal(listed?.kind, "image");
      assert.deepEqual(listed?.attachments, files);
      const log = await storage.readLog(roomKey(room.id), 0, 10);
      assert.deepEqual(log[0]?.message.attachments, files);
      const plain = await storage.appendMessage(fx.roomMessage(room.id, user.id));
      assert.equal(plain.message.attachments ?? undefined, undefined, "text messages carry none");
    },
  },
  {
    name: "listGarbageAttachments finds old unsent uploads and files of missing or deleted messages",
    requires: "attachments",
    async run({ storage, fx }) {
      const s = api(storage);
      const user = await fx.addUser();
      const room = await fx.addRoom(user.id);
      const conv = roomKey(room.id);
      const unsent = upload(fx, user.id);
      const live = upload(fx, user.id);
      const deleted = upload(fx, user.id);
      const orphan = upload(fx, user.id);
      for (const a of [unsent, live, deleted, orphan]) await s.createAttachment(a);
      const liveMsg = fx.roomMessage(room.id, user.id);
      const deletedMsg = fx.roomMessage(room.id, user.id);
      await s.claimAttachments([live.id], user.id, liveMsg.id, conv);
      await s.claimAttachments([deleted.id], user.id, deletedMsg.id, conv);
      await s.claimAttachments([orphan.id], user.id, randomUUID(), conv);
      await storage.appendMessage({ ...liveMsg, kind: "image", attachments: [metadata(live)] });
      await storage.appendMessage({ ...deletedMsg, kind: "image", attachments: [metadata(deleted)] });
      await storage.deleteMessage(deletedMsg.id, fx.tick(), user.id);
      const young = upload(fx, user.id);
      await s.createAttachment(young);
      const garbage = await s.listGarbageAttachments(young.createdAt, 100);
      assert.deepEqual(
        garbage.map((a) => a.id),
        [unsent.id, deleted.id, orphan.id],
        "oldest first; neither the live one nor the young one",
      );
      assert.deepEqual(
        (await s.listGarbageAttachments(young.createdAt, 1)).map((a) => a.id),
        [unsent.id],
      );
      assert.equal(await s.deleteAttachments([unsent.id, deleted.id, randomUUID()]), 2);
      assert.equal(await s.getAttachment(unsent.id), null);
      assert.deepEqual(
        (await s.listGarbageAttachments(young.createdAt, 100)).map((a) => a.id),
        [orphan.id],
      );
    },
  },
];
