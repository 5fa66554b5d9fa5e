/**
 * Appending messages: one transaction for a whole batch (group commit). Idempotency rests on
 * the unique (author_id, client_message_id) index: earlier sends are found before any seq is
 * taken; a send racing in from another connection surfaces as a unique violation, and then the
 * whole transaction is rolled back (seqs included) and retried, finding the winner's row.
 * On better-sqlite3 the batch runs as prepared statements on the driver (append-sqlite.ts).
 */
import type { AppendResult, MessageRecord, NewMessage } from "@lair-chat/server";
import type { Knex } from "knex";
import { type QueryContext, RetryTransaction } from "../context.ts";
import type { Row } from "../rows.ts";
import { toMessage } from "../rows.ts";
import {
  clientKey,
  createdLogRow,
  finishAppend,
  isClientIdClash,
  messageRow,
  numberMessages,
  planAppend,
} from "./append-plan.ts";
import { appendOnSqlite } from "./append-sqlite.ts";
import { takeSeqs } from "./seqs.ts";

// Rows per INSERT. Postgres takes up to 65,535 bind parameters (11 columns × 1,000 rows is far
// below); SQLite only comes here with a driver other than better-sqlite3 and keeps smaller ones.
const CHUNK = { postgres: 1000, sqlite: 200 } as const;
const LOOKUP_CHUNK = 200;

async function findByClientIds(trx: Knex.Transaction, ctx: QueryContext, batch: NewMessage[]) {
  const found = new Map<string, MessageRecord>();
  const keyed = batch.filter((m) => m.clientMessageId !== null);
  for (let i = 0; i < keyed.length; i += LOOKUP_CHUNK) {
    const chunk = keyed.slice(i, i + LOOKUP_CHUNK);
    const rows: Row[] = await trx(ctx.t.messages).where((q) => {
      for (const m of chunk) q.orWhere({ author_id: m.authorId, client_message_id: m.clientMessageId });
    });
    for (const row of rows) {
      const message = toMessage(row);
      found.set(clientKey(message.authorId, message.clientMessageId ?? ""), message);
    }
  }
  return found;
}

const MESSAGE_TYPES: Record<string, string> = {
  id: "text",
  conversation: "text",
  room_id: "text",
  recipient_id: "text",
  author_id: "text",
  content: "text",
  seq: "bigint",
  client_message_id: "text",
  created_at: "bigint",
  kind: "text",
  attachments: "text",
};
const LOG_TYPES: Record<string, string> = {
  conversation: "text",
  seq: "bigint",
  message_id: "text",
  op: "text",
  at: "bigint",
};

/**
 * A multi-row insert. On Postgres one array per column through `unnest`: the statement has as
 * many parameters as the table has columns whatever the row count, so neither knex nor the
 * server parses thousands of placeholders.
 */
async function insertRows(
  trx: Knex.Transaction,
  ctx: QueryContext,
  table: string,
  types: Record<string, string>,
  rows: Row[],
): Promise<void> {
  // A single row is cheaper as a plain VALUES insert than through arrays.
  if (ctx.dialect !== "postgres" || rows.length === 1) {
    await trx(table).insert(rows);
    return;
  }
  const columns = Object.keys(types);
  await trx.raw(
    `INSERT INTO ?? (${columns.map(() => "??").join(", ")}) SELECT * FROM unnest(${columns.map((c) => `?::${types[c]}[]`).join(", ")})`,
    // pg sends each JS array as one array literal (nulls included).
    [table, ...columns, ...columns.map((c) => rows.map((r) => r[c]) as Knex.Value)],
  );
}

async function appendInTransaction(
  trx: Knex.Transaction,
  ctx: QueryContext,
  batch: NewMessage[],
): Promise<AppendResult[]> {
  const plan = planAppend(batch, await findByClientIds(trx, ctx, batch));
  const rows: Row[] = [];
  const logRows: Row[] = [];
  for (const [conversation, items] of plan.byConversation) {
    const last = await takeSeqs(trx, ctx, conversation, items.length);
    for (const record of numberMessages(plan, items, last)) {
      rows.push(messageRow(record));
      logRows.push(createdLogRow(record));
    }
  }
  const chunk = CHUNK[ctx.dialect];
  try {
    for (let i = 0; i < rows.length; i += chunk)
      await insertRows(trx, ctx, ctx.t.messages, MESSAGE_TYPES, rows.slice(i, i + chunk));
  } catch (error) {
    if (isClientIdClash(error)) throw new RetryTransaction("client_message_id raced", { cause: error });
    throw error;
  }
  for (let i = 0; i < logRows.length; i += chunk)
    await insertRows(trx, ctx, ctx.t.messageLog, LOG_TYPES, logRows.slice(i, i + chunk));
  return finishAppend(plan, batch);
}

/** Store a batch in one commit; results in input order. */
export async function appendMessages(ctx: QueryContext, batch: NewMessage[]): Promise<AppendResult[]> {
  if (batch.length === 0) return [];
  if (ctx.dialect === "sqlite") {
    const fast = await appendOnSqlite(ctx, batch);
    if (fast) return fast;
  }
  return ctx.write((trx) => appendInTransaction(trx, ctx, batch));
}
