/**
 * The append path on better-sqlite3, without knex in the loop: the batch runs as one
 * `BEGIN IMMEDIATE` transaction of prepared statements, compiled once per connection and
 * reused. The driver is synchronous, so holding the pooled connection for the batch keeps every
 * other query out until the commit, exactly like the knex transaction it replaces; errors are
 * the driver's own (`SqliteError` with its code), mapped to LairErrors by the caller as before.
 * Any other SQLite driver goes the knex way (`appendOnSqlite` returns undefined).
 */
import type { AppendResult, MessageRecord, NewMessage } from "@lair-chat/server";
import { type QueryContext, RetryTransaction } from "../context.ts";
import { type Row, toMessage } from "../rows.ts";
import {
  clientKey,
  createdLogRow,
  finishAppend,
  isClientIdClash,
  MESSAGE_COLUMNS,
  messageRow,
  numberMessages,
  planAppend,
} from "./append-plan.ts";

/** The parts of a better-sqlite3 `Database` used here. */
interface SqliteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
}
interface SqliteDriver {
  prepare(sql: string): SqliteStatement;
  transaction<F extends (...args: never[]) => unknown>(fn: F): F & { immediate: F };
}

interface KnexPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

function isBetterSqlite(connection: unknown): connection is SqliteDriver {
  const c = connection as Partial<SqliteDriver> & { pragma?: unknown };
  return (
    typeof c.prepare === "function" && typeof c.transaction === "function" && typeof c.pragma === "function"
  );
}

const MAX_ATTEMPTS = 8;

interface AppendStatements {
  byClientId: SqliteStatement;
  takeSeqs: SqliteStatement;
  insertMessage: SqliteStatement;
  insertLog: SqliteStatement;
  /** `append` wrapped in `BEGIN IMMEDIATE` ... `COMMIT` (rolled back when it throws). */
  run: (batch: NewMessage[]) => AppendResult[];
}

function statementsFor(ctx: QueryContext, db: SqliteDriver): AppendStatements {
  let cache = ctx.prepared.get(db);
  if (!cache) {
    cache = new Map();
    ctx.prepared.set(db, cache);
  }
  const cached = cache.get("append") as AppendStatements | undefined;
  if (cached) return cached;
  const q = (name: string) => `"${name}"`;
  const { t } = ctx;
  const s: AppendStatements = {
    byClientId: db.prepare(`SELECT * FROM ${q(t.messages)} WHERE author_id = ? AND client_message_id = ?`),
    // Same upsert as seqs.ts: the counter row is bumped once per conversation and batch.
    takeSeqs: db.prepare(
      `INSERT INTO ${q(t.conversationSeqs)} AS cs (conversation, last_seq) VALUES (?, ?)
       ON CONFLICT (conversation) DO UPDATE SET last_seq = cs.last_seq + excluded.last_seq
       RETURNING last_seq`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO ${q(t.messages)} (${MESSAGE_COLUMNS.join(", ")}) VALUES (${MESSAGE_COLUMNS.map(() => "?").join(", ")})`,
    ),
    insertLog: db.prepare(
      `INSERT INTO ${q(t.messageLog)} (conversation, seq, message_id, op, at) VALUES (?, ?, ?, ?, ?)`,
    ),
    run: () => [],
  };
  s.run = db.transaction((batch: NewMessage[]) => append(s, batch)).immediate;
  cache.set("append", s);
  return s;
}

function append(s: AppendStatements, batch: NewMessage[]): AppendResult[] {
  const existing = new Map<string, MessageRecord>();
  for (const m of batch) {
    if (m.clientMessageId === null) continue;
    const row = s.byClientId.get(m.authorId, m.clientMessageId) as Row | undefined;
    if (row) existing.set(clientKey(m.authorId, m.clientMessageId), toMessage(row));
  }
  const plan = planAppend(batch, existing);
  for (const [conversation, items] of plan.byConversation) {
    const row = s.takeSeqs.get(conversation, items.length) as Row | undefined;
    if (!row) throw new Error("seq allocation returned no row");
    for (const record of numberMessages(plan, items, Number(row.last_seq))) {
      const m = messageRow(record);
      try {
        s.insertMessage.run(...MESSAGE_COLUMNS.map((c) => m[c]));
      } catch (error) {
        if (isClientIdClash(error)) throw new RetryTransaction("client_message_id raced", { cause: error });
        throw error;
      }
      const l = createdLogRow(record);
      s.insertLog.run(l.conversation, l.seq, l.message_id, l.op, l.at);
    }
  }
  return finishAppend(plan, batch);
}

/** Append `batch` through better-sqlite3 directly; undefined when the connection is another driver. */
export async function appendOnSqlite(
  ctx: QueryContext,
  batch: NewMessage[],
): Promise<AppendResult[] | undefined> {
  const pool = ctx.knex.client as KnexPool;
  const connection = await pool.acquireConnection();
  try {
    if (!isBetterSqlite(connection)) return undefined;
    const s = statementsFor(ctx, connection);
    for (let attempt = 1; ; attempt++) {
      try {
        return s.run(batch);
      } catch (error) {
        if (!(error instanceof RetryTransaction) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  } finally {
    await pool.releaseConnection(connection);
  }
}
