/**
 * What every query module shares: the knex instance, the dialect, the table names and the way
 * to open a write transaction.
 */
import type { Knex } from "knex";
import type { SqlDialect } from "./dialect.ts";
import type { TableNames } from "./tables.ts";

export interface QueryContext {
  knex: Knex;
  dialect: SqlDialect;
  t: TableNames;
  /** Prepared statements by driver connection, then by SQL (better-sqlite3 only; see append-sqlite.ts). */
  prepared: WeakMap<object, Map<string, unknown>>;
  /** Run `fn` in a write transaction; see `writeTransaction`. */
  write<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
}

/** Thrown inside a write transaction to roll it back and run it again from the start. */
export class RetryTransaction extends Error {
  override readonly name = "RetryTransaction";
}

const MAX_ATTEMPTS = 8;
// Postgres: deadlock_detected, serialization_failure.
const RETRYABLE_CODES = new Set(["40P01", "40001"]);

/**
 * A write transaction. On SQLite a no-op write takes the database write lock first: knex
 * issues a deferred `BEGIN`, and a transaction that read before writing cannot wait for the
 * lock (SQLITE_BUSY_SNAPSHOT) while one that writes first waits up to `busy_timeout` — the
 * same effect as `BEGIN IMMEDIATE`. On Postgres a deadlock or an explicit `RetryTransaction`
 * rolls everything back (including seq increments, so no gap is left) and runs `fn` again.
 */
export function writeTransaction(knex: Knex, dialect: SqlDialect, lockTable: string) {
  return async <T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await knex.transaction(async (trx) => {
          if (dialect === "sqlite") await trx.raw("DELETE FROM ?? WHERE 1 = 0", [lockTable]);
          return fn(trx);
        });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const retry = error instanceof RetryTransaction || RETRYABLE_CODES.has(String(code));
        if (!retry || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  };
}

/** Escape `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
