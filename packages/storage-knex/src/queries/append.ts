/**
 * Appending messages: one transaction for a whole batch (group commit). Idempotency rests on
 * the unique (author_id, client_message_id) index: earlier sends are found before any seq is
 * taken; a send racing in from another connection surfaces as a unique violation, and then the
 * whole transaction is rolled back (seqs included) and retried, finding the winner's row.
 * On better-sqlite3 the batch runs as prepared statements on the driver (append-sqlite.ts), on
 * Postgres as one statement per conversation (append-postgres.ts); this knex path serves any
 * other SQLite driver.
 */
import type { AppendResult, NewMessage } from "@lair-chat/server";
import type { Knex } from "knex";
import { type QueryContext, RetryTransaction } from "../context.ts";
import type { Row } from "../rows.ts";
import {
  createdLogRow,
  finishAppend,
  isClientIdClash,
  messageRow,
  numberMessages,
  planAppend,
} from "./append-plan.ts";
import { appendOnPostgres } from "./append-postgres.ts";
import { appendOnSqlite } from "./append-sqlite.ts";
import { findByClientIds } from "./client-ids.ts";
import { takeSeqs } from "./seqs.ts";

// Rows per INSERT (SQLite caps the bind parameters of one statement).
const CHUNK = 200;

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
  try {
    for (let i = 0; i < rows.length; i += CHUNK) await trx(ctx.t.messages).insert(rows.slice(i, i + CHUNK));
  } catch (error) {
    if (isClientIdClash(error)) throw new RetryTransaction("client_message_id raced", { cause: error });
    throw error;
  }
  for (let i = 0; i < logRows.length; i += CHUNK)
    await trx(ctx.t.messageLog).insert(logRows.slice(i, i + CHUNK));
  return finishAppend(plan, batch);
}

/** Store a batch in one commit; results in input order. */
export async function appendMessages(ctx: QueryContext, batch: NewMessage[]): Promise<AppendResult[]> {
  if (batch.length === 0) return [];
  if (ctx.dialect === "postgres") return appendOnPostgres(ctx, batch);
  if (ctx.dialect === "sqlite") {
    const fast = await appendOnSqlite(ctx, batch);
    if (fast) return fast;
  }
  return ctx.write((trx) => appendInTransaction(trx, ctx, batch));
}
