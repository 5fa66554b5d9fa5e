/**
 * Test support (not published): where the Postgres tests connect, fresh schema names, and the
 * rule for a missing server — in CI (`CI=true`) the run fails, locally the tests are skipped
 * with the reason printed.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A schema name no other run uses: pid plus random bytes. */
export function freshSchema(label = "t"): string {
  return `lair_test_${process.pid}_${randomBytes(4).toString("hex")}_${label}`;
}

/** True when Postgres answers; throws in CI when it does not. */
export async function postgresAvailable(url = DATABASE_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    const reason = `Postgres at ${url} is unreachable: ${error instanceof Error ? error.message : String(error)}`;
    if (process.env.CI === "true") throw new Error(`${reason} (CI requires it)`);
    console.warn(`storage-postgres tests skipped: ${reason}`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drop a schema and everything in it. */
export async function dropSchema(pool: pg.Pool, schema: string): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
