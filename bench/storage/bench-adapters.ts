/**
 * The adapters the storage benchmark measures, each on fresh ground: SQLite in a new temporary
 * directory (removed afterwards), Postgres in a new schema (dropped afterwards).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NewMessage, Storage, UserRecord } from "@lair-chat/server";
import { createPostgresStorage } from "@lair-chat/storage-postgres";
import { createSqliteStorage } from "@lair-chat/storage-sqlite";
import pg from "pg";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type AdapterKind = "sqlite-normal" | "sqlite-full" | "postgres";

export interface BenchAdapter {
  kind: AdapterKind;
  label: string;
  storage: Storage;
  /** Settings that decide durability, read back from the database. */
  durability: string;
  /**
   * Refresh planner statistics, as Postgres's autovacuum does within a minute or so of a bulk
   * load; undefined where the planner needs none (SQLite picks the unique index without).
   */
  analyze?: () => Promise<void>;
  /** Close the storage and remove its file or schema. */
  dispose(): Promise<void>;
}

export async function openAdapter(kind: AdapterKind): Promise<BenchAdapter> {
  if (kind === "postgres") return openPostgres();
  const synchronous = kind === "sqlite-full" ? "FULL" : "NORMAL";
  const dir = mkdtempSync(join(tmpdir(), "lair-bench-"));
  const storage = createSqliteStorage({ filename: join(dir, "bench.db"), synchronous });
  const p = await storage
    .init()
    .then(() => storage.pragmas())
    .catch(async (error: unknown) => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
  return {
    kind,
    label: `SQLite ${synchronous}`,
    storage,
    durability: `journal_mode=${p.journalMode}, synchronous=${p.synchronous}`,
    async dispose() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<BenchAdapter> {
  const schema = `lair_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  const storage = createPostgresStorage({ url: DATABASE_URL, schema });
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await storage.init().catch(async (error: unknown) => {
      await storage.close();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      throw error;
    });
    const setting = async (name: string) =>
      (await admin.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = $1", [name]))
        .rows[0]?.setting ?? "?";
    const durability = `fsync=${await setting("fsync")}, synchronous_commit=${await setting("synchronous_commit")}`;
    return {
      kind: "postgres",
      label: "Postgres",
      storage,
      durability,
      async analyze() {
        const client = new pg.Client({ connectionString: DATABASE_URL });
        await client.connect();
        try {
          await client.query(
            `ANALYZE "${schema}".messages, "${schema}".message_log, "${schema}".conversation_seqs`,
          );
        } finally {
          await client.end();
        }
      },
      async dispose() {
        try {
          await storage.close();
        } finally {
          const drop = new pg.Client({ connectionString: DATABASE_URL });
          await drop.connect();
          await drop.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await drop.end();
        }
      },
    };
  } finally {
    await admin.end();
  }
}

/** A user to author the benchmark's messages (messages reference their author). */
export async function createAuthor(storage: Storage): Promise<string> {
  const id = crypto.randomUUID();
  const now = Date.now();
  const user: UserRecord = {
    id,
    username: `bench_${id.slice(0, 8)}`,
    email: `bench_${id.slice(0, 8)}@example.test`,
    passwordHash: "!",
    role: "user",
    createdAt: now,
    updatedAt: now,
    lastSeenAt: null,
    bannedAt: null,
    deletedAt: null,
  };
  await storage.createUser(user);
  return id;
}

/** A room message of about 100 bytes, as a chat line would be. */
export function roomMessage(authorId: string, roomId: string, n: number): NewMessage {
  return {
    id: crypto.randomUUID(),
    conversation: `room:${roomId}`,
    roomId,
    recipientId: null,
    authorId,
    content: `benchmark message ${n} `.padEnd(100, "x"),
    clientMessageId: null,
    createdAt: Date.now(),
  };
}
