/**
 * @lair-chat/storage-postgres — Lair Chat storage on Postgres (pg pool), in its own schema so
 * it can share a database with your app. Pick it for production and for several server
 * processes on one database; see docs/storage.md.
 */
export {
  createPostgresStorage,
  type PostgresPoolOptions,
  type PostgresStorage,
  type PostgresStorageOptions,
} from "./postgres-storage.ts";
