import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import knexFactory, { type Knex } from "knex";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appliedMigrations, MIGRATIONS, type MigrationProgress, migrate } from "./migrate.ts";

let dir: string;
let knex: Knex;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lair-migrate-"));
  knex = knexFactory({
    client: "better-sqlite3",
    connection: { filename: join(dir, "m.db") },
    useNullAsDefault: true,
  });
});

afterEach(async () => {
  await knex.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("migrate", () => {
  it("applies every migration once, in order, and records it", async () => {
    const events: MigrationProgress[] = [];
    const first = await migrate(knex, { onProgress: (p) => events.push(p) });
    const names = MIGRATIONS.map((m) => m.name);
    expect(first).toEqual({ applied: names, skipped: [], analyzed: [] });
    expect(events.map((e) => `${e.name}:${e.status}`)).toEqual(
      names.flatMap((n) => [`${n}:applying`, `${n}:applied`]),
    );
    expect(events.every((e) => e.total === names.length)).toBe(true);

    const rows = await knex("lair_migrations").orderBy("name");
    expect(rows.map((r) => r.name)).toEqual(names);
    expect(rows.every((r) => Number(r.applied_at) > 0)).toBe(true);
    expect(await appliedMigrations(knex)).toEqual(names);
  });

  it("is idempotent: a second run applies nothing and reports skips", async () => {
    await migrate(knex);
    const events: MigrationProgress[] = [];
    const second = await migrate(knex, { onProgress: (p) => events.push(p) });
    expect(second.applied).toEqual([]);
    expect(second.skipped).toEqual(MIGRATIONS.map((m) => m.name));
    expect(events.every((e) => e.status === "skipped")).toBe(true);
    expect(await knex("lair_migrations").count({ n: "*" }).first()).toEqual({ n: MIGRATIONS.length });
  });

  it("creates the tables and indexes the queries rely on", async () => {
    expect(await appliedMigrations(knex)).toEqual([]);
    await migrate(knex);
    const indexes = await knex("sqlite_master").where({ type: "index" }).pluck("name");
    for (const name of [
      "lair_users_username_uq",
      "lair_users_email_uq",
      "lair_rooms_name_uq",
      "lair_messages_conversation_seq_uq",
      "lair_messages_client_id_uq",
      "lair_messages_conversation_created_idx",
      "lair_invitations_pending_uq",
    ]) {
      expect(indexes).toContain(name);
    }
    // A history page is a keyset scan over (conversation, seq), not a sort.
    const plan = await knex.raw(
      "EXPLAIN QUERY PLAN SELECT * FROM messages WHERE conversation = ? AND seq < ? ORDER BY seq DESC LIMIT 50",
      ["room:x", 100],
    );
    const detail = plan.map((r: { detail: string }) => r.detail).join(" | ");
    expect(detail).toContain("lair_messages_conversation_seq_uq");
    expect(detail).not.toContain("TEMP B-TREE");
  });

  it("refuses a schema on SQLite and a schema name that is not an identifier", async () => {
    await expect(migrate(knex, { schema: "lair" })).rejects.toThrow(TypeError);
    await expect(migrate(knex, { schema: 'x"; drop' })).rejects.toThrow(/schema/);
  });
});
