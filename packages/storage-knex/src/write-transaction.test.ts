/**
 * Why SQLite write transactions take the write lock up front: a transaction that reads first
 * holds a snapshot, and if another connection commits before its first write, SQLite refuses
 * that write (SQLITE_BUSY_SNAPSHOT) instead of waiting. Here another connection commits right
 * after the adapter's first read (the idempotency lookup); the append must still succeed.
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

it("an append survives another connection committing between its first read and its first write", async () => {
  const storage = createKnexStorage(knex);
  await storage.init();
  const user = await addUser(storage, "u1");

  let interfered = 0;
  let refused = 0;
  knex.on("query-response", (_response: unknown, query: { sql: string }) => {
    if (!/from .messages. where/i.test(query.sql) || interfered > 0) return;
    interfered++;
    try {
      // A write committed by another connection while the append is between its read and write.
      other.prepare("INSERT INTO conversation_seqs (conversation, last_seq) VALUES ('room:other', 1)").run();
    } catch (error) {
      // With the lock taken up front, the other connection is the one that has to wait.
      expect((error as { code?: string }).code).toBe("SQLITE_BUSY");
      refused++;
    }
  });

  const result = await storage.appendMessage({
    id: randomUUID(),
    conversation: "room:r",
    roomId: null,
    recipientId: null,
    authorId: user.id,
    content: "hi",
    clientMessageId: "c1",
    createdAt: 2,
  });
  expect(interfered).toBe(1);
  expect(refused).toBe(1);
  expect(result).toMatchObject({ created: true, message: { seq: 1, clientMessageId: "c1" } });
  await storage.close();
});
