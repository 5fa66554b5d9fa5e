/**
 * @lair-chat/storage-knex — the SQL schema, forward-only migrations and queries behind the
 * SQLite and Postgres adapters, on a knex instance you pass in. Most apps use
 * `@lair-chat/storage-sqlite` or `@lair-chat/storage-postgres` instead; this package is for
 * hosts that already own a knex instance. See docs/storage.md.
 */
export { type DatabaseTarget, parseDatabaseUrl, redactUrl } from "./database-url.ts";
export { detectDialect, type SqlDialect } from "./dialect.ts";
export { createKnexStorage, type KnexStorageOptions } from "./knex-storage.ts";
export { isUnavailableError, toStorageError } from "./map-error.ts";
export {
  appliedMigrations,
  MIGRATIONS,
  type MigrateOptions,
  type MigrateResult,
  type MigrationProgress,
  migrate,
} from "./migrate.ts";
export type { Migration, MigrationContext } from "./migrations/migration.ts";
export { type TableNames, tableNames } from "./tables.ts";
