/**
 * The migration runner: applies the forward-only migration list in order, each inside its own
 * transaction, and records it in `lair_migrations`. Safe to run from several processes at
 * once: on Postgres every step holds a transaction-scoped advisory lock and re-checks what is
 * applied; on SQLite the write lock does the same.
 */
import type { Knex } from "knex";
import { detectDialect, type SqlDialect } from "./dialect.ts";
import { initialMigration } from "./migrations/001-initial.ts";
import { attachmentsMigration } from "./migrations/002-attachments.ts";
import type { Migration, MigrationContext } from "./migrations/migration.ts";
import { checkSchemaName, type TableNames, tableNames } from "./tables.ts";

/** Every migration, in the order they are applied. Append only. */
export const MIGRATIONS: readonly Migration[] = [initialMigration, attachmentsMigration];

/** One step reported while migrating. */
export interface MigrationProgress {
  /** Migration name, e.g. `001_initial`. */
  name: string;
  /** 1-based position in the migration list. */
  index: number;
  total: number;
  /** `applying` before it runs, then `applied`; `skipped` when it was applied earlier. */
  status: "applying" | "applied" | "skipped";
  /** Time the migration took (only with `applied`). */
  durationMs?: number;
}

export interface MigrateOptions {
  /** Database family; detected from the knex client when absent. */
  dialect?: SqlDialect;
  /** Postgres schema to migrate (created if missing). @default the connection's search_path */
  schema?: string;
  /** Called for every migration as it is checked and applied. */
  onProgress?: (progress: MigrationProgress) => void;
  /**
   * Refresh the Postgres planner statistics (`ANALYZE`) of every Lair table holding at least
   * 1,000 rows. A bulk-loaded table without statistics can get history pages planned as a sort
   * of the whole conversation instead of a keyset scan. Tables that are empty or nearly so are
   * left alone: statistics saying "empty" make the planner pick sequential scans for foreign-key
   * checks, plans a session keeps while the table grows. No effect on SQLite.
   * @default true when this call applied a migration, else false
   */
  analyze?: boolean;
}

export interface MigrateResult {
  /** Migrations applied by this call. */
  applied: string[];
  /** Migrations that were already applied. */
  skipped: string[];
  /** Tables whose planner statistics were refreshed (Postgres `ANALYZE`). */
  analyzed: string[];
}

// Any fixed number works: it only has to be the same for every process migrating Lair Chat.
const ADVISORY_LOCK_KEY = 0x1a12c4a7;

async function lockForMigration(trx: Knex.Transaction, dialect: SqlDialect, migrationsTable: string) {
  if (dialect === "postgres") await trx.raw("SELECT pg_advisory_xact_lock(?)", [ADVISORY_LOCK_KEY]);
  // A no-op write takes SQLite's write lock now rather than at the first real write.
  else await trx.raw("DELETE FROM ?? WHERE 1 = 0", [migrationsTable]);
}

/** Bring the schema up to date. Idempotent; returns what it did. */
export async function migrate(knex: Knex, options: MigrateOptions = {}): Promise<MigrateResult> {
  const { schema, onProgress } = options;
  checkSchemaName(schema);
  const dialect = options.dialect ?? detectDialect(knex);
  if (schema !== undefined && dialect === "sqlite") throw new TypeError("schema: not supported on SQLite");
  const tables = tableNames(schema);
  const ctx: MigrationContext = { dialect, schema, tables };

  await knex.transaction(async (trx) => {
    if (dialect === "postgres") {
      await trx.raw("SELECT pg_advisory_xact_lock(?)", [ADVISORY_LOCK_KEY]);
      if (schema) await trx.raw("CREATE SCHEMA IF NOT EXISTS ??", [schema]);
    }
    // A write as the first statement: on SQLite it takes the write lock before anything is read.
    await trx.raw("CREATE TABLE IF NOT EXISTS ?? (name text PRIMARY KEY, applied_at bigint NOT NULL)", [
      tables.migrations,
    ]);
  });

  const result: MigrateResult = { applied: [], skipped: [], analyzed: [] };
  const total = MIGRATIONS.length;
  for (const [i, migration] of MIGRATIONS.entries()) {
    const index = i + 1;
    const { name } = migration;
    const started = performance.now();
    const applied = await knex.transaction(async (trx) => {
      await lockForMigration(trx, dialect, tables.migrations);
      const done = await trx(tables.migrations).where({ name }).first("name");
      if (done) return false;
      onProgress?.({ name, index, total, status: "applying" });
      await migration.up(trx, ctx);
      await trx(tables.migrations).insert({ name, applied_at: Date.now() });
      return true;
    });
    // Reported after the commit, so "applied" means durable.
    if (applied) {
      result.applied.push(name);
      onProgress?.({ name, index, total, status: "applied", durationMs: performance.now() - started });
    } else {
      result.skipped.push(name);
      onProgress?.({ name, index, total, status: "skipped" });
    }
  }
  if (dialect === "postgres" && (options.analyze ?? result.applied.length > 0)) {
    result.analyzed = await analyzeTables(knex, tables);
  }
  return result;
}

const ANALYZE_MIN_ROWS = 1000;

/** `ANALYZE` the Lair tables with at least ANALYZE_MIN_ROWS rows (a sample of 30,000 rows each at most). */
async function analyzeTables(knex: Knex, tables: TableNames): Promise<string[]> {
  const big: string[] = [];
  for (const name of Object.values(tables)) {
    // Reads at most ANALYZE_MIN_ROWS rows, unlike count(*).
    const row = await knex(name)
      .offset(ANALYZE_MIN_ROWS - 1)
      .first(knex.raw("1 AS one"));
    if (row) big.push(name);
  }
  if (big.length > 0) await knex.raw(`ANALYZE ${big.map(() => "??").join(", ")}`, big);
  return big;
}

/** Names of the migrations recorded as applied, in order (empty before the first run). */
export async function appliedMigrations(knex: Knex, options: { schema?: string } = {}): Promise<string[]> {
  checkSchemaName(options.schema);
  const s = options.schema ? knex.schema.withSchema(options.schema) : knex.schema;
  if (!(await s.hasTable("lair_migrations"))) return [];
  const rows = await knex(tableNames(options.schema).migrations).orderBy("name").select("name");
  return rows.map((row: { name: string }) => row.name);
}
