/**
 * Why SQLite write transactions take the write lock up front: a transaction that reads first
 * holds a snapshot, and if another connection commits before its first write, SQLite refuses
 * that write (SQLITE_BUSY_SNAPSHOT) instead of waiting. Here another connection commits right
 * after an edit's first read; the edit must still succeed. Appends on better-sqlite3 run as one
 * synchronous `BEGIN IMMEDIATE` transaction outside knex, so they have no such window at all.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import knexFactory, { type Knex } from "knex";
import { afterEach, beforeEach, expect, it } from "vitest";
import { addUser } from "../test-support/test-records.ts";
import { createKnexStorage } from "./knex-storage.ts";

let dir: string;
let knex: Knex;
let other: Database.Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lair-wtx-"));
  const filename = join(dir, "w.db");
  knex = knexFactory({
    client: "better-sqlite3",
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (db: Database.Database, done: (e: Error | null, db: Database.Database) => void) => {
        db.pragma("journal_mode = WAL");
        db.pragma("busy_timeout = 0");
        done(null, db);
      },
    },
  });
  other = new Database(filename);
  other.pragma("busy_timeout = 0");
});

afterEach(async () => {
  other.close();
  await knex.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const message = (authorId: string, clientMessageId: string, createdAt: number) => ({
  id: randomUUID(),
  conversation: "room:r",
  roomId: null,
  recipientId: null,
  authorId,
  content: "hi",
  clientMessageId,
  createdAt,
});

it("an edit survives another connection committing between its first read and its first write", async () => {
  const storage = createKnexStorage(knex);
  await storage.init();
  const user = await addUser(storage, "u1");
  const { message: sent } = await storage.appendMessage(message(user.id, "c1", 2));

  let interfered = 0;
  let refused = 0;
  knex.on("query-response", (_response: unknown, query: { sql: string }) => {
    if (!/from .messages. where/i.test(query.sql) || interfered > 0) return;
    interfered++;
    try {
      // A write committed by another connection while the edit is between its read and write.
      other.prepare("INSERT INTO conversation_seqs (conversation, last_seq) VALUES ('room:other', 1)").run();
    } catch (error) {
      // With the lock taken up front, the other connection is the one that has to wait.
      expect((error as { code?: string }).code).toBe("SQLITE_BUSY");
      refused++;
    }
  });

  const edited = await storage.editMessage(sent.id, "edited", 3);
  expect(interfered).toBe(1);
  expect(refused).toBe(1);
  expect(edited).toMatchObject({ seq: 2, message: { content: "edited", editedAt: 3 } });
  await storage.close();
});

it("an append on better-sqlite3 bypasses knex and is all or nothing under another writer's lock", async () => {
  const storage = createKnexStorage(knex);
  await storage.init();
  const user = await addUser(storage, "u1");
  const queries: string[] = [];
  knex.on("query", (query: { sql: string }) => queries.push(query.sql));

  other.exec("BEGIN IMMEDIATE");
  const error = await storage
    .appendMessages([message(user.id, "c1", 2), message(user.id, "c2", 2)])
    .catch((e: unknown) => e);
  other.exec("ROLLBACK");
  expect(error).toMatchObject({ name: "LairError", code: "storage_unavailable" });
  expect(await storage.lastSeq("room:r")).toBe(0);

  queries.length = 0;
  const results = await storage.appendMessages([message(user.id, "c1", 2), message(user.id, "c1", 2)]);
  expect(queries.filter((q) => /messages|conversation_seqs/.test(q))).toEqual([]);
  expect(results.map((r) => [r.created, r.message.seq])).toEqual([
    [true, 1],
    [false, 1],
  ]);
  await storage.close();
});
