/**
 * WAL checkpoints on a worker thread: the server's connection never checkpoints inside a
 * commit, yet the WAL is copied back into the database file and restarted.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { addUser } from "../../storage-knex/test-support/test-records.ts";
import { tempDir } from "../test-support/temp-dir.ts";
import { createSqliteStorage, type SqliteStorage } from "./sqlite-storage.ts";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const size = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};

/** The WAL header's checkpoint sequence number: SQLite adds one each time the WAL starts over. */
function walRestarts(walFile: string): number {
  const fd = openSync(walFile, "r");
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally {
    closeSync(fd);
  }
}

async function until(check: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Enough single-message commits to pass SQLite's default 1,000-page autocheckpoint several times. */
async function writeMessages(storage: SqliteStorage, count: number, name = "writer"): Promise<string> {
  const author = await addUser(storage, name);
  for (let i = 0; i < count; i++) {
    await storage.appendMessage({
      id: `m-${i}`,
      conversation: `dm:${author.id}:${author.id}`,
      roomId: null,
      recipientId: author.id,
      authorId: author.id,
      content: `message ${i} ${"x".repeat(400)}`,
      clientMessageId: `c-${i}`,
      createdAt: 1_700_000_000_000 + i,
    });
  }
  return `dm:${author.id}:${author.id}`;
}

it("copies the WAL into the database file from a worker thread while the connection never checkpoints", async () => {
  const filename = join(tmp.dir, "bg.db");
  const errors: string[] = [];
  const storage = createSqliteStorage({
    filename,
    backgroundCheckpointMs: 20,
    onCheckpointError: (m) => errors.push(m),
  });
  try {
    await storage.init();
    expect((await storage.pragmas()).walAutocheckpoint).toBe(0);
    const before = size(filename);
    const conversation = await writeMessages(storage, 3000);
    // The database file grows only through checkpoints.
    await until(() => size(filename) > before + 500_000, "the database file to take the checkpointed pages");
    // The WAL was started over along the way (a steady writer alone would never let it).
    expect(walRestarts(`${filename}-wal`)).toBeGreaterThan(0);
    expect(await storage.countMessages(conversation, {})).toBe(3000);
  } finally {
    await storage.close();
  }
  expect(errors).toEqual([]);
});

it("with backgroundCheckpointMs: false, SQLite checkpoints inside commits as usual", async () => {
  const filename = join(tmp.dir, "inline.db");
  const storage = createSqliteStorage({ filename, backgroundCheckpointMs: false });
  try {
    await storage.init();
    expect((await storage.pragmas()).walAutocheckpoint).toBe(1000);
    const before = size(filename);
    await writeMessages(storage, 3000);
    expect(size(filename)).toBeGreaterThan(before + 500_000);
  } finally {
    await storage.close();
  }
});

it("refuses a bad interval", () => {
  expect(() => createSqliteStorage({ filename: join(tmp.dir, "x.db"), backgroundCheckpointMs: 0 })).toThrow(
    RangeError,
  );
  expect(() => createSqliteStorage({ filename: join(tmp.dir, "x.db"), backgroundCheckpointMs: 1.5 })).toThrow(
    /backgroundCheckpointMs/,
  );
});

it("an in-memory database needs no checkpoints", async () => {
  const storage = createSqliteStorage({ url: "sqlite::memory:" });
  try {
    await storage.init();
    expect((await storage.pragmas()).journalMode).toBe("memory");
  } finally {
    await storage.close();
  }
});
