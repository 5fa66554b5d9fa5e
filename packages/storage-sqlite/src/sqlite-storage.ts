/**
 * createSqliteStorage: Lair Chat on one SQLite file through better-sqlite3 and knex. Every
 * connection gets WAL, a busy timeout, foreign keys and the chosen `synchronous` level before
 * its first query. One connection serves the whole process: SQLite has a single writer anyway,
 * and queueing in the pool keeps writes ordered without SQLITE_BUSY between our own calls.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Storage } from "@lair-chat/server";
import { createKnexStorage, type MigrationProgress, parseDatabaseUrl } from "@lair-chat/storage-knex";
import knexFactory from "knex";
import { BackgroundCheckpoints } from "./background-checkpoints.ts";

/**
 * How hard SQLite pushes a commit to disk. `NORMAL`: an acknowledged message survives a
 * process crash (the WAL is in the OS before the commit returns). `FULL`: it also survives
 * power loss or an OS crash (the WAL is fsynced on every commit), at some cost per commit.
 */
export type SqliteSynchronous = "NORMAL" | "FULL";

export interface SqliteStorageOptions {
  /** Database file, or `:memory:`. Give this or `url`. */
  filename?: string;
  /** `sqlite:./data/chat.db`, `sqlite:///abs/chat.db` or `sqlite::memory:`. Give this or `filename`. */
  url?: string;
  /** Durability of a commit; see `SqliteSynchronous`. @default "NORMAL" */
  synchronous?: SqliteSynchronous;
  /** How long a write waits for another process's lock before failing with `storage_unavailable`. @default 5000 */
  busyTimeoutMs?: number;
  /** How long a call waits for the connection before failing with `storage_unavailable`. @default 60000 */
  acquireTimeoutMs?: number;
  /** Progress of the migrations `init()` runs. @default undefined */
  onMigrationProgress?: (progress: MigrationProgress) => void;
  /**
   * Run WAL checkpoints on a worker thread, looking this often whether 1,000 pages are waiting
   * (or the writer went quiet), instead of inside the commit that crosses SQLite's
   * `wal_autocheckpoint` (which holds the event loop while it copies and fsyncs). `false`
   * leaves checkpoints to SQLite. Ignored for `:memory:`. @default 100
   */
  backgroundCheckpointMs?: number | false;
  /** A background checkpoint failed (it is retried on the next tick). @default ignored */
  onCheckpointError?: (message: string) => void;
}

/** The pragmas a connection actually runs with. */
export interface SqlitePragmas {
  journalMode: string;
  synchronous: "OFF" | "NORMAL" | "FULL" | "EXTRA";
  foreignKeys: boolean;
  busyTimeoutMs: number;
  /** Pages after which a commit checkpoints on its own; 0 while a worker thread does it. */
  walAutocheckpoint: number;
}

/** A SQLite Storage, plus a look at the pragmas in force. */
export interface SqliteStorage extends Storage {
  /** The file in use (`:memory:` for an in-memory database). */
  readonly filename: string;
  /** Read the pragmas from the live connection (not from the options). */
  pragmas(): Promise<SqlitePragmas>;
}

interface PragmaConnection {
  pragma(source: string, options?: { simple?: boolean }): unknown;
}

const SYNCHRONOUS_NAMES = ["OFF", "NORMAL", "FULL", "EXTRA"] as const;

function resolveFilename(options: SqliteStorageOptions): string {
  if ((options.filename === undefined) === (options.url === undefined)) {
    throw new TypeError("options: give exactly one of filename and url");
  }
  if (options.filename !== undefined) {
    if (typeof options.filename !== "string" || options.filename === "") {
      throw new TypeError("options.filename: expected a file path or :memory:");
    }
    return options.filename;
  }
  const target = parseDatabaseUrl(options.url!);
  if (target.dialect !== "sqlite") throw new TypeError("options.url: expected a sqlite: URL");
  return target.filename;
}

/** A SQLite storage; call `init()` to create or migrate the schema. */
export function createSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  if (options === null || typeof options !== "object") throw new TypeError("options: expected an object");
  const filename = resolveFilename(options);
  const synchronous = options.synchronous ?? "NORMAL";
  if (synchronous !== "NORMAL" && synchronous !== "FULL") {
    throw new RangeError(`options.synchronous: expected "NORMAL" or "FULL", got ${String(synchronous)}`);
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new RangeError("options.busyTimeoutMs: expected a non-negative integer");
  }
  const memory = filename === ":memory:";
  if (!memory) mkdirSync(dirname(filename), { recursive: true });
  const checkpointMs = options.backgroundCheckpointMs ?? 100;
  if (checkpointMs !== false && (!Number.isInteger(checkpointMs) || checkpointMs <= 0)) {
    throw new RangeError("options.backgroundCheckpointMs: expected a positive integer or false");
  }
  const onCheckpointError = options.onCheckpointError ?? (() => {});
  /** Checkpoints move to a worker once the file exists; SQLite's own come back if it dies. */
  let checkpoints: BackgroundCheckpoints | undefined;
  let autocheckpoint = memory || checkpointMs === false ? 1000 : 0;
  let closed = false;
  const startCheckpoints = () => {
    if (checkpoints !== undefined || autocheckpoint !== 0 || closed || checkpointMs === false) return;
    checkpoints = new BackgroundCheckpoints({
      filename,
      intervalMs: checkpointMs,
      chunkPages: 1000,
      // A RESTART holds the writer for its last copy and fsync, so it stays rare: only a WAL
      // that never found a quiet moment to start over in 64 MiB (4 KiB pages) gets one.
      restartPages: 16_384,
      busyTimeoutMs,
      synchronous,
      onError: onCheckpointError,
      onExit: () => {
        autocheckpoint = 1000;
        onCheckpointError("checkpoint worker stopped; SQLite checkpoints on commit again");
        void (async () => {
          const connection = (await knex.client.acquireConnection()) as PragmaConnection;
          try {
            connection.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
          } finally {
            await knex.client.releaseConnection(connection);
          }
        })().catch(() => {});
      },
    });
  };

  const knex = knexFactory({
    client: "better-sqlite3",
    connection: { filename },
    useNullAsDefault: true,
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 60_000,
    // min 1 also keeps an in-memory database alive: it lives exactly as long as its connection.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (db: PragmaConnection, done: (error: Error | null, db: PragmaConnection) => void) => {
        try {
          db.pragma(`busy_timeout = ${busyTimeoutMs}`);
          db.pragma("journal_mode = WAL");
          db.pragma(`synchronous = ${synchronous}`);
          db.pragma("foreign_keys = ON");
          db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
          // After a burst the WAL file is cut back when it starts over.
          db.pragma("journal_size_limit = 67108864");
          done(null, db);
          if (!memory) startCheckpoints();
        } catch (error) {
          done(error as Error, db);
        }
      },
    },
  });

  const storage = createKnexStorage(knex, {
    dialect: "sqlite",
    destroyOnClose: true,
    capabilities: { persistent: !memory, multiProcess: false },
    ...(options.onMigrationProgress ? { onMigrationProgress: options.onMigrationProgress } : {}),
  });

  const pragmas = async (): Promise<SqlitePragmas> => {
    const connection = (await knex.client.acquireConnection()) as PragmaConnection;
    try {
      const read = (name: string) => connection.pragma(name, { simple: true });
      return {
        journalMode: String(read("journal_mode")),
        synchronous: SYNCHRONOUS_NAMES[Number(read("synchronous"))] ?? "OFF",
        foreignKeys: Number(read("foreign_keys")) === 1,
        busyTimeoutMs: Number(read("busy_timeout")),
        walAutocheckpoint: Number(read("wal_autocheckpoint")),
      };
    } finally {
      await knex.client.releaseConnection(connection);
    }
  };

  const closeStorage = storage.close.bind(storage);
  const close = async (): Promise<void> => {
    closed = true;
    await checkpoints?.close();
    await closeStorage();
  };
  return Object.assign(storage, { filename, pragmas, close });
}
