/**
 * The testkit's conformance suite against the JSON-file adapter, with a probe that reads the
 * file on disk (not the adapter's Maps), plus what the suite cannot see: the data survives a
 * reopen, and a file that cannot be written makes the adapter refuse to go on.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Storage } from "@lair-chat/server";
import { type StorageProbe, storageSuite } from "@lair-chat/testkit";
import { afterAll, describe, expect, it } from "vitest";
import { createJsonFileStorage } from "./json-file-storage.ts";
import type { TablesDocument } from "./tables.ts";

const root = await mkdtemp(join(tmpdir(), "lair-json-storage-"));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;

interface Harness {
  storage: Storage;
  path: string;
  cleanup(): Promise<void>;
}

storageSuite<Harness>({
  test: it,
  describe,
  create: async () => {
    const path = join(root, `test-${++n}`, "chat.json");
    const storage = createJsonFileStorage({ path });
    return {
      storage,
      path,
      cleanup: async () => {
        await storage.close();
        await rm(join(path, ".."), { recursive: true, force: true });
      },
    };
  },
  probe: ({ path }) => fileProbe(path),
});

/** Reads the saved document straight from disk for every question. */
function fileProbe(path: string): StorageProbe {
  const doc = async () => JSON.parse(await readFile(path, "utf8")) as TablesDocument;
  const tableOf: Record<string, keyof TablesDocument> = {
    users: "users",
    sessions: "sessions",
    rooms: "rooms",
    memberships: "memberships",
    room_bans: "roomBans",
    messages: "messages",
    invitations: "invitations",
    read_markers: "readMarkers",
  };
  return {
    countRows: async (table) => ((await doc())[tableOf[table]!] as unknown[]).length,
    userRow: async (id) => (await doc()).users.find((u) => u.id === id) ?? null,
    sessionRow: async (id) => (await doc()).sessions.find((s) => s.id === id) ?? null,
    roomRow: async (id) => (await doc()).rooms.find((r) => r.id === id) ?? null,
    messageRow: async (id) => (await doc()).messages.find((m) => m.id === id) ?? null,
    messageSeqs: async (conversation) =>
      (await doc()).messages
        .filter((m) => m.conversation === conversation)
        .map((m) => m.seq)
        .sort((a, b) => a - b),
    logSeqs: async (conversation) =>
      ((await doc()).log[conversation] ?? []).map((s) => s.seq).sort((a, b) => a - b),
    memberCount: async (roomId) => (await doc()).memberships.filter((m) => m.roomId === roomId).length,
    invitationStatus: async (id) => (await doc()).invitations.find((i) => i.id === id)?.status ?? null,
    readMarkerSeq: async (userId, conversation) =>
      (await doc()).readMarkers.find((r) => r.userId === userId && r.conversation === conversation)
        ?.lastReadSeq ?? null,
  };
}

describe("the JSON file itself", () => {
  const user = (id: string, username: string) => ({
    id,
    username,
    email: `${username}@example.com`,
    passwordHash: "x",
    role: "user" as const,
    createdAt: 1,
    updatedAt: 1,
    lastSeenAt: null,
    bannedAt: null,
    deletedAt: null,
  });

  it("keeps everything across a close and a reopen", async () => {
    const path = join(root, "reopen", "chat.json");
    const first = createJsonFileStorage({ path });
    await first.init();
    await first.createUser(user("u1", "Reopened"));
    const sent = await first.appendMessage({
      id: "m1",
      conversation: "dm:u1:u2",
      roomId: null,
      recipientId: "u2",
      authorId: "u1",
      content: "still here",
      clientMessageId: "c1",
      createdAt: 5,
    });
    await first.close();

    const second = createJsonFileStorage({ path });
    await second.init();
    expect((await second.findUserByIdentifier("reopened"))?.id).toBe("u1");
    expect(await second.lastSeq("dm:u1:u2")).toBe(1);
    // The idempotency index is rebuilt from the file.
    const again = await second.appendMessage({
      id: "m2",
      conversation: "dm:u1:u2",
      roomId: null,
      recipientId: "u2",
      authorId: "u1",
      content: "retry",
      clientMessageId: "c1",
      createdAt: 6,
    });
    expect(again).toEqual({ message: sent.message, created: false });
    await second.close();
  });

  it("refuses to go on once the file cannot be written", async () => {
    const path = join(root, "blocked", "chat.json");
    const storage = createJsonFileStorage({ path });
    await storage.init();
    // A folder where the file should be: the rename that saves the next write fails.
    await rm(path);
    await mkdir(join(path, "in-the-way"), { recursive: true });
    await expect(storage.createUser(user("u1", "nowhere"))).rejects.toMatchObject({
      code: "storage_unavailable",
    });
    await expect(storage.getUser("u1")).rejects.toMatchObject({ code: "storage_unavailable" });
    await expect(storage.ping()).rejects.toMatchObject({ code: "storage_unavailable" });
    await storage.close();
  });
});
