/**
 * @lair-chat/storage-sqlite — Lair Chat storage on a single SQLite file (better-sqlite3 with
 * WAL, busy timeout, foreign keys, configurable `synchronous`). Pick it for one server
 * process on one machine; see docs/storage.md for durability and the Postgres alternative.
 */
export {
  createSqliteStorage,
  type SqlitePragmas,
  type SqliteStorage,
  type SqliteStorageOptions,
  type SqliteSynchronous,
} from "./sqlite-storage.ts";
