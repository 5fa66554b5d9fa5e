/**
 * The shape of one schema migration. Migrations are forward-only: once released, a migration
 * never changes; a schema change is a new entry at the end of the list.
 */
import type { Knex } from "knex";
import type { SqlDialect } from "../dialect.ts";
import type { TableNames } from "../tables.ts";

/** What a migration gets besides its transaction. */
export interface MigrationContext {
  dialect: SqlDialect;
  /** Schema the tables live in; undefined for SQLite or the connection's default schema. */
  schema: string | undefined;
  tables: TableNames;
}

/** One forward-only migration, applied inside its own transaction. */
export interface Migration {
  /** Sortable, never reused, e.g. `001_initial`. */
  name: string;
  up(trx: Knex.Transaction, ctx: MigrationContext): Promise<void>;
}
