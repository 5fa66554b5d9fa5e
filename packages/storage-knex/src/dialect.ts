/**
 * The SQL dialects the queries are written for. Only where the two differ (locking, upsert
 * arithmetic) does the code branch on it.
 */
import type { Knex } from "knex";

/** A database family the knex storage speaks. */
export type SqlDialect = "sqlite" | "postgres";

/** The dialect of a knex instance, from the client it was created with. */
export function detectDialect(knex: Knex): SqlDialect {
  const name = String((knex.client as { dialect?: unknown }).dialect ?? knex.client.config?.client ?? "");
  if (/sqlite/i.test(name)) return "sqlite";
  if (/^(pg|postgres|postgresql|pgnative)$/i.test(name)) return "postgres";
  throw new TypeError(`knex: unsupported client "${name}" (expected better-sqlite3 or pg)`);
}
