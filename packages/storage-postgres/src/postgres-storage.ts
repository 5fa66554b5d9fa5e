/**
 * createPostgresStorage: Lair Chat on Postgres through a pg pool managed by knex. The tables
 * live in their own schema (default `lair_chat`, created by `init()`), so the storage can
 * share a database with the host app without touching its tables.
 */
import type { Storage } from "@lair-chat/server";
import { createKnexStorage, type MigrationProgress, parseDatabaseUrl } from "@lair-chat/storage-knex";
import knexFactory, { type Knex } from "knex";

export interface PostgresPoolOptions {
  /** Connections kept open when idle. @default 0 */
  min?: number;
  /** Most connections open at once. @default 10 */
  max?: number;
}

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:5432/database`. Give this or `knex`. */
  url?: string;
  /**
   * A knex instance with the `pg` client that the host app owns (its pool, its lifetime:
   * `close()` leaves it open). Give this or `url`.
   */
  knex?: Knex;
  /** Schema holding Lair Chat's tables; created by `init()` when missing. @default "lair_chat" */
  schema?: string;
  /** Pool size (only with `url`). @default { min: 0, max: 10 } */
  pool?: PostgresPoolOptions;
  /** How long a call waits for a pooled connection before failing with `storage_unavailable` (only with `url`). @default 10000 */
  acquireTimeoutMs?: number;
  /** How long opening a connection may take (only with `url`). @default 5000 */
  connectTimeoutMs?: number;
  /** Progress of the migrations `init()` runs. @default undefined */
  onMigrationProgress?: (progress: MigrationProgress) => void;
  /**
   * Where the pool's warnings go, e.g. each failed reconnect during an outage (only with
   * `url`). @default knex's logger (console)
   */
  onWarning?: (message: string) => void;
}

/** A Postgres Storage. */
export interface PostgresStorage extends Storage {
  /** The schema the tables live in. */
  readonly schema: string;
}

function checkPositiveInt(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new RangeError(`${name}: expected an integer >= ${min}, got ${String(value)}`);
  }
}

function ownKnex(options: PostgresStorageOptions, url: string, schema: string): Knex {
  const pool = options.pool ?? {};
  checkPositiveInt("options.pool.min", pool.min, 0);
  checkPositiveInt("options.pool.max", pool.max, 1);
  checkPositiveInt("options.acquireTimeoutMs", options.acquireTimeoutMs, 1);
  checkPositiveInt("options.connectTimeoutMs", options.connectTimeoutMs, 1);
  return knexFactory({
    client: "pg",
    connection: { connectionString: url, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000 },
    searchPath: [schema],
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 10_000,
    ...(options.onWarning ? { log: knexLog(options.onWarning) } : {}),
  });
}

function knexLog(onWarning: (message: string) => void): Knex.Config["log"] {
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  return {
    warn: (m: unknown) => onWarning(text(m)),
    error: (m: unknown) => onWarning(text(m)),
    deprecate: (method: string, alternative: string) =>
      onWarning(`${method} is deprecated, use ${alternative}`),
    debug: () => {},
  };
}

/** A Postgres storage; call `init()` to create the schema and run migrations. */
export function createPostgresStorage(options: PostgresStorageOptions): PostgresStorage {
  if (options === null || typeof options !== "object") throw new TypeError("options: expected an object");
  if ((options.url === undefined) === (options.knex === undefined)) {
    throw new TypeError("options: give exactly one of url and knex");
  }
  const schema = options.schema ?? "lair_chat";
  let knex: Knex;
  if (options.url !== undefined) {
    if (parseDatabaseUrl(options.url).dialect !== "postgres") {
      throw new TypeError("options.url: expected a postgres:// URL");
    }
    knex = ownKnex(options, options.url, schema);
  } else {
    knex = options.knex!;
  }
  const storage = createKnexStorage(knex, {
    dialect: "postgres",
    schema,
    destroyOnClose: options.url !== undefined,
    ...(options.onMigrationProgress ? { onMigrationProgress: options.onMigrationProgress } : {}),
  });
  return Object.assign(storage, { schema });
}
