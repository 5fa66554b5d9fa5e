/**
 * The whole testkit suite against the real Postgres at DATABASE_URL, each test in a fresh
 * schema dropped afterwards. The probe reads through its own pg pool with plain SQL.
 */
import { type StorageHarness, storageSuite } from "@lair-chat/testkit";
import pg from "pg";
import { afterAll, describe, it } from "vitest";
import { type Row, sqlProbe } from "../../storage-knex/test-support/sql-probe.ts";
import { DATABASE_URL, dropSchema, freshSchema, postgresAvailable } from "../test-support/test-env.ts";
import { createPostgresStorage } from "./postgres-storage.ts";

interface PostgresHarness extends StorageHarness {
  schema: string;
}

const available = await postgresAvailable();
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
afterAll(() => admin.end());

/** The probe writes `?`; pg numbers its parameters. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

storageSuite<PostgresHarness>({
  test: available ? it : it.skip,
  describe,
  create: async () => {
    const schema = freshSchema();
    const storage = createPostgresStorage({ url: DATABASE_URL, schema, pool: { max: 4 } });
    return {
      storage,
      schema,
      cleanup: async () => {
        await storage.close();
        await dropSchema(admin, schema);
      },
    };
  },
  probe: (harness) =>
    sqlProbe({
      one: async (sql, args) => (await admin.query(numbered(sql), args)).rows[0] as Row | undefined,
      column: async (sql, args) =>
        (await admin.query(numbered(sql), args)).rows.map((r: Row) => Number(Object.values(r)[0])),
      table: (name) => `"${harness.schema}"."${name}"`,
    }),
});
