/**
 * Concurrency on one SQLite file: writers inside one storage queue on its connection; several
 * processes on the same file (one connection each) must still give gap-free seqs and one row
 * per client message id. Without the up-front write lock a process that read first fails with
 * SQLITE_BUSY_SNAPSHOT instead of waiting. (Two storages on one file in the same process would
 * block each other: better-sqlite3 waits for a lock synchronously, on the event loop.)
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { addUser, newMessage } from "../../storage-knex/test-support/test-records.ts";
import { tempDir } from "../test-support/temp-dir.ts";
import { createSqliteStorage, type SqliteStorage } from "./sqlite-storage.ts";

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve("tsx");
const writer = fileURLToPath(new URL("../test-support/test-writer.ts", import.meta.url));

let tmp: ReturnType<typeof tempDir>;
let a: SqliteStorage;
let filename: string;

beforeEach(async () => {
  tmp = tempDir();
  filename = join(tmp.dir, "chat.db");
  a = createSqliteStorage({ filename });
  await a.init();
});
afterEach(async () => {
  await a.close();
  tmp.remove();
});

function seqsOf(conversation: string): number[] {
  const db = new Database(filename, { readonly: true });
  try {
    return db
      .prepare("SELECT seq FROM messages WHERE conversation = ? ORDER BY seq")
      .pluck()
      .all(conversation) as number[];
  } finally {
    db.close();
  }
}

interface WriterResult {
  seq: number;
  id: string;
  created: boolean;
  cid: string | null;
}

async function writerProcess(args: string[]): Promise<WriterResult[]> {
  const { stdout } = await run(process.execPath, ["--import", tsx, writer, filename, ...args], {
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

it("8 concurrent writers in 4 processes get strictly increasing seqs with no gaps", async () => {
  const user = await addUser(a, "writer");
  // 4 processes (4 connections) x 2 concurrent loops x 150 appends, started together.
  const startAt = String(Date.now() + 2000);
  const runs = await Promise.all(
    Array.from({ length: 4 }, () => writerProcess(["room:r", user.id, "2", "150", startAt])),
  );
  const all = runs.flat();
  expect(all).toHaveLength(1200);
  expect(all.every((r) => r.created)).toBe(true);
  expect(seqsOf("room:r")).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
  expect(new Set(all.map((r) => r.seq)).size).toBe(1200);
  expect(await a.lastSeq("room:r")).toBe(1200);
});

it("8 concurrent writers on one storage queue on its connection without gaps", async () => {
  const user = await addUser(a, "local");
  const seen = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const mine: number[] = [];
      for (let i = 0; i < 25; i++) {
        const batch =
          i % 5 === 0
            ? [newMessage(user.id, "room:l"), newMessage(user.id, "room:l")]
            : [newMessage(user.id, "room:l")];
        for (const r of await a.appendMessages(batch)) mine.push(r.message.seq);
      }
      return mine;
    }),
  );
  for (const mine of seen) expect(mine).toEqual([...mine].sort((x, y) => x - y));
  const total = seen.flat().length;
  expect(seqsOf("room:l")).toEqual(Array.from({ length: total }, (_, i) => i + 1));
});

it("the same client message ids sent from two processes at once store one row each", async () => {
  const user = await addUser(a, "idem");
  // Enough appends that the two processes overlap even when one starts a little late (a
  // regression: at 300 the faster append path let one process finish before the other began).
  const count = 3000;
  const startAt = String(Date.now() + 5000);
  const runs = await Promise.all([
    writerProcess(["room:i", user.id, "1", String(count), startAt, "cid-"]),
    writerProcess(["room:i", user.id, "1", String(count), startAt, "cid-", "--reverse"]),
  ]);
  const byCid = runs.map((r) => new Map(r.map((x) => [x.cid, x])));
  for (let i = 0; i < count; i++) {
    const pair = byCid.map((m) => m.get(`cid-${i}`)!);
    expect(pair.map((p) => p.created).sort()).toEqual([false, true]);
    expect(pair[0]!.id).toBe(pair[1]!.id);
    expect(pair[0]!.seq).toBe(pair[1]!.seq);
  }
  expect(seqsOf("room:i")).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  // Both processes created some: they really ran at the same time.
  for (const r of runs) expect(r.some((x) => x.created)).toBe(true);
}, 60_000);

it("a write lock held longer than busy_timeout surfaces as storage_unavailable", async () => {
  const user = await addUser(a, "busy");
  const impatient = createSqliteStorage({ filename, busyTimeoutMs: 50 });
  const holder = new Database(filename);
  try {
    await impatient.init();
    holder.exec("BEGIN IMMEDIATE");
    const error = await impatient.appendMessage(newMessage(user.id, "room:b")).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "LairError", code: "storage_unavailable" });
    expect((error as Error).cause).toMatchObject({ code: "SQLITE_BUSY" });
    holder.exec("ROLLBACK");
    // Once the lock is gone the same storage works again.
    expect((await impatient.appendMessage(newMessage(user.id, "room:b"))).message.seq).toBe(1);
  } finally {
    if (holder.inTransaction) holder.exec("ROLLBACK");
    holder.close();
    await impatient.close();
  }
});

it("a closed storage rejects with storage_unavailable", async () => {
  const storage = createSqliteStorage({ filename });
  await storage.init();
  await storage.close();
  await expect(storage.ping()).rejects.toMatchObject({ code: "storage_unavailable" });
});

it("data survives closing and reopening the file", async () => {
  const user = await addUser(a, "durable");
  const { message } = await a.appendMessage(newMessage(user.id, "room:d", "k1"));
  await a.close();
  const reopened = createSqliteStorage({ filename });
  try {
    await reopened.init();
    expect(await reopened.getMessage(message.id)).toEqual(message);
    const again = await reopened.appendMessage(newMessage(user.id, "room:d", "k1"));
    expect(again).toEqual({ message, created: false });
  } finally {
    await reopened.close();
  }
});
