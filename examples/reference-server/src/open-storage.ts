/**
 * Picks the storage adapter from the database URL: `sqlite:` → SQLite, `postgres://` → Postgres.
 */
import type { Storage } from "@lair-chat/server";
import type { MigrationProgress } from "@lair-chat/storage-knex";
import { createPostgresStorage } from "@lair-chat/storage-postgres";
import { createSqliteStorage } from "@lair-chat/storage-sqlite";

export function openStorage(
  databaseUrl: string,
  options: { schema: string; onMigrationProgress: (progress: MigrationProgress) => void },
): Storage {
  if (databaseUrl.startsWith("sqlite:")) {
    return createSqliteStorage({ url: databaseUrl, onMigrationProgress: options.onMigrationProgress });
  }
  return createPostgresStorage({
    url: databaseUrl,
    schema: options.schema,
    onMigrationProgress: options.onMigrationProgress,
  });
}
