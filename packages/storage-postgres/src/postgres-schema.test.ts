/** Migrations in a schema of their own, sharing a database with a host app, and failures. */
import { appliedMigrations, MIGRATIONS, type MigrationProgress, migrate } from "@lair-chat/storage-knex";
import knexFactory from "knex";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { addUser } from "../../storage-knex/test-support/test-records.ts";
import { DATABASE_URL, dropSchema, freshSchema, postgresAvailable } from "../test-support/test-env.ts";
import { createPostgresStorage, type PostgresStorage } from "./postgres-storage.ts";

const available = await postgresAvailable();
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
afterAll(() => admin.end());

let schemas: string[];
let storages: PostgresStorage[];
beforeEach(() => {
  schemas = [];
  storages = [];
});
afterEach(async () => {
  await Promise.all(storages.map((s) => s.close()));
  for (const s of schemas) await dropSchema(admin, s);
});

function open(options: Parameters<typeof createPostgresStorage>[0]): PostgresStorage {
  const storage = createPostgresStorage(options);
  storages.push(storage);
  schemas.push(storage.schema);
  return storage;
}

describe.skipIf(!available)("postgres schema and migrations", () => {
  it("init creates the schema, records each migration once, and is idempotent", async () => {
    const schema = freshSchema("mig");
    const events: MigrationProgress[] = [];
    const storage = open({ url: DATABASE_URL, schema, onMigrationProgress: (p) => events.push(p) });
    await storage.init();
    await storage.init();
    const names = MIGRATIONS.map((m) => m.name);
    expect(events.map((e) => e.status)).toEqual([
      ...names.flatMap(() => ["applying", "applied"]),
      ...names.map(() => "skipped"),
    ]);
    const { rows } = await admin.query(`SELECT name FROM "${schema}".lair_migrations ORDER BY name`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(names);
    const tables = await admin.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
      [schema],
    );
    expect(tables.rows.map((r: { table_name: string }) => r.table_name).sort()).toEqual(
      [
        "attachments",
        "conversation_seqs",
        "invitations",
        "lair_migrations",
        "memberships",
        "message_log",
        "messages",
        "read_markers",
        "room_bans",
        "rooms",
        "sessions",
        "users",
      ].sort(),
    );
  });

  it("several processes' worth of storages can init the same fresh schema at once", async () => {
    const schema = freshSchema("race");
    const many = Array.from({ length: 4 }, () => open({ url: DATABASE_URL, schema, pool: { max: 1 } }));
    await Promise.all(many.map((s) => s.init()));
    const { rows } = await admin.query(`SELECT COUNT(*)::int AS n FROM "${schema}".lair_migrations`);
    expect(rows[0].n).toBe(MIGRATIONS.length);
  });

  it("shares a database with a host app's knex without touching the host's tables", async () => {
    const hostSchema = freshSchema("host");
    const lairSchema = freshSchema("lair");
    schemas.push(hostSchema, lairSchema);
    const host = knexFactory({
      client: "pg",
      connection: DATABASE_URL,
      searchPath: [hostSchema],
      pool: { min: 0, max: 2 },
    });
    try {
      await host.raw("CREATE SCHEMA ??", [hostSchema]);
      // The host has its own "users" table on its search_path.
      await host.schema.withSchema(hostSchema).createTable("users", (t) => {
        t.increments("id");
        t.text("name");
      });
      await host.withSchema(hostSchema).table("users").insert({ name: "host-user" });

      const storage = createPostgresStorage({ knex: host, schema: lairSchema });
      storages.push(storage);
      await storage.init();
      const user = await addUser(storage, "lair-user");
      expect(await storage.getUser(user.id)).toEqual(user);
      expect(await host.withSchema(hostSchema).table("users").pluck("name")).toEqual(["host-user"]);
      expect(await appliedMigrations(host, { schema: lairSchema })).toEqual(MIGRATIONS.map((m) => m.name));

      // close() leaves the host's knex alone.
      await storage.close();
      expect((await host.raw("SELECT 1 AS one")).rows[0].one).toBe(1);
    } finally {
      await host.destroy();
    }
  });

  it("refreshes planner statistics, so a bulk-loaded room's history page is a keyset scan", async () => {
    const schema = freshSchema("plan");
    const storage = open({ url: DATABASE_URL, schema });
    await storage.init();
    const lastAnalyze = async () =>
      (
        await admin.query(
          "SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'messages'",
          [schema],
        )
      ).rows[0]?.last_analyze;
    // Empty tables are not analyzed: "empty" statistics would plan foreign-key checks as seq scans.
    expect(await lastAnalyze()).toBeNull();

    const author = await addUser(storage, "bulk");
    const size = 20_000;
    for (let done = 0; done < size; done += 1000) {
      await storage.appendMessages(
        Array.from({ length: 1000 }, (_, i) => ({
          id: crypto.randomUUID(),
          conversation: "room:bulk",
          roomId: "bulk",
          recipientId: null,
          authorId: author.id,
          content: `message ${done + i}`,
          clientMessageId: null,
          createdAt: 1_000 + done + i,
        })),
      );
    }
    const knex = knexFactory({ client: "pg", connection: DATABASE_URL, pool: { min: 0, max: 1 } });
    try {
      // Nothing left to apply: statistics are refreshed only when asked (what the CLI does).
      expect((await migrate(knex, { schema })).analyzed).toEqual([]);
      expect((await migrate(knex, { schema, analyze: true })).analyzed).toEqual([
        `${schema}.messages`,
        `${schema}.message_log`,
      ]);
      expect(await lastAnalyze()).not.toBeNull();
      const { rows } = await admin.query(
        `EXPLAIN SELECT * FROM "${schema}".messages WHERE conversation = $1 AND seq < $2
         AND deleted_at IS NULL ORDER BY seq DESC LIMIT 50`,
        ["room:bulk", size / 2],
      );
      const plan = rows.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]).join("\n");
      expect(plan).toContain("Index Scan Backward using lair_messages_conversation_seq_uq");
      expect(plan).not.toContain("Sort");
    } finally {
      await knex.destroy();
    }
  });

  it("defaults to the lair_chat schema name", () => {
    const storage = createPostgresStorage({ url: DATABASE_URL });
    expect(storage.schema).toBe("lair_chat");
    return storage.close();
  });
});

describe("postgres options and unreachable servers", () => {
  it("rejects bad options with TypeError/RangeError naming them", () => {
    expect(() => createPostgresStorage({})).toThrow(/url and knex/);
    expect(() => createPostgresStorage({ url: "sqlite:x.db" })).toThrow(/options.url/);
    expect(() => createPostgresStorage({ url: DATABASE_URL, schema: "bad-name" })).toThrow(/schema/);
    expect(() => createPostgresStorage({ url: DATABASE_URL, pool: { max: 0 } })).toThrow(RangeError);
  });

  it("a refused connection is storage_unavailable with the cause kept, not a hang", async () => {
    const warnings: string[] = [];
    const storage = createPostgresStorage({
      url: "postgres://postgres@127.0.0.1:1/test",
      acquireTimeoutMs: 3000,
      onWarning: (w) => warnings.push(w),
    });
    try {
      const error = await storage.ping().catch((e: unknown) => e);
      expect(error).toMatchObject({ name: "LairError", code: "storage_unavailable" });
      expect((error as Error).cause).toBeInstanceOf(Error);
      await expect(storage.init()).rejects.toMatchObject({ code: "storage_unavailable" });
      expect(warnings.join("\n")).toMatch(/ECONNREFUSED/);
    } finally {
      await storage.close();
    }
  });
});
