/**
 * The whole testkit suite against SQLite, one fresh temp file per test. The probe reads the
 * file through its own better-sqlite3 connection (WAL lets it read while the adapter writes),
 * so it never shares code or a connection with the adapter.
 */
import { join } from "node:path";
import { type StorageHarness, storageSuite } from "@lair-chat/testkit";
import Database from "better-sqlite3";
import { describe, it } from "vitest";
import { type Row, sqlProbe } from "../../storage-knex/test-support/sql-probe.ts";
import { tempDir } from "../test-support/temp-dir.ts";
import { createSqliteStorage } from "./sqlite-storage.ts";

interface SqliteHarness extends StorageHarness {
  filename: string;
}

function readOnly<T>(filename: string, fn: (db: Database.Database) => T): T {
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

storageSuite<SqliteHarness>({
  test: it,
  describe,
  create: async () => {
    const tmp = tempDir();
    const filename = join(tmp.dir, "chat.db");
    const storage = createSqliteStorage({ filename });
    return {
      storage,
      filename,
      cleanup: async () => {
        await storage.close();
        tmp.remove();
      },
    };
  },
  probe: ({ filename }) =>
    sqlProbe({
      one: async (sql, args) => readOnly(filename, (db) => db.prepare(sql).get(...args) as Row | undefined),
      column: async (sql, args) =>
        readOnly(
          filename,
          (db) =>
            db
              .prepare(sql)
              .pluck()
              .all(...args) as unknown[],
        ).map(Number),
      table: (name) => name,
    }),
});
