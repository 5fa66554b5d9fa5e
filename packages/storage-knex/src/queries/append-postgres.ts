/**
 * The append path on Postgres. A batch of one conversation (every send) is one statement
 * (`WITH` sub-statements over one array per column): it looks up earlier sends of the batch's
 * client ids, takes the seqs of the rest (the counter upsert) and inserts them and their log
 * rows. It runs without `BEGIN`/`COMMIT`, as its own transaction, so the counter row's lock is
 * held only while Postgres executes and commits it, never across a round trip to the client,
 * and a send costs one round trip instead of six.
 *
 * That matters when several server processes write one conversation: each waits for the
 * counter row's lock, and with the lock held from the upsert through two more inserts and the
 * `COMMIT` (a round trip each, each waiting for the holder's event loop) the writers of a busy
 * room queued behind one another's round trips (see docs/scaling.md, "Sizing").
 *
 * A batch over several conversations runs in one transaction: the lookup, then one statement
 * per conversation in sorted order. Either way a send racing in from another connection with
 * the same client id surfaces as a unique violation that rolls the statement (or transaction)
 * back, its seqs included, and the batch is planned again and finds the winner's row.
 */
import type { AppendResult, MessageRecord, NewMessage } from "@lair-chat/server";
import type { Knex } from "knex";
import { type QueryContext, RetryTransaction } from "../context.ts";
import { num, type Row, toMessage } from "../rows.ts";
import {
  type AppendPlan,
  clientKey,
  finishAppend,
  isClientIdClash,
  numberMessages,
  type PendingInsert,
  planAppend,
} from "./append-plan.ts";
import { findByClientIds } from "./client-ids.ts";

const MAX_ATTEMPTS = 8;
// Postgres: deadlock_detected, serialization_failure.
const RETRYABLE_CODES = new Set(["40P01", "40001"]);

/** The per-message columns sent as arrays (`conversation` is one value, `seq` is computed). */
const ARRAY_COLUMNS = [
  ["id", "text"],
  ["room_id", "text"],
  ["recipient_id", "text"],
  ["author_id", "text"],
  ["content", "text"],
  ["client_message_id", "text"],
  ["created_at", "bigint"],
  ["kind", "text"],
  ["attachments", "text"],
] as const;
const NAMES = ARRAY_COLUMNS.map(([c]) => c).join(", ");

/** The `ARRAY_COLUMNS` of a new message (as `messageRow` writes them). */
function arrayRow(m: NewMessage): Record<(typeof ARRAY_COLUMNS)[number][0], unknown> {
  return {
    id: m.id,
    room_id: m.roomId,
    recipient_id: m.recipientId,
    author_id: m.authorId,
    content: m.content,
    client_message_id: m.clientMessageId,
    created_at: m.createdAt,
    kind: m.kind ?? null,
    attachments: m.attachments === undefined ? null : JSON.stringify(m.attachments),
  };
}

const UNNEST = `unnest(${ARRAY_COLUMNS.map(([, type]) => `?::${type}[]`).join(", ")})
  WITH ORDINALITY AS u(${NAMES}, ord)`;

/**
 * The tail both statements share: `s` takes the seqs of the rows of `f` (numbered `n` from 1 in
 * order), `m` and `l` insert them and their log rows. Parameters: seqs table, conversation,
 * messages table, conversation, log table, conversation.
 */
const TAIL = `s AS (
    INSERT INTO ?? AS cs (conversation, last_seq) SELECT ?::text, count(*) FROM f HAVING count(*) > 0
    ON CONFLICT (conversation) DO UPDATE SET last_seq = cs.last_seq + excluded.last_seq
    RETURNING last_seq
  ), r AS (
    SELECT f.*, s.last_seq - (SELECT count(*) FROM f) + f.n AS seq FROM f, s
  ), m AS (
    INSERT INTO ?? (conversation, seq, ${NAMES})
    SELECT ?::text, seq, ${NAMES} FROM r
  ), l AS (
    INSERT INTO ?? (conversation, seq, message_id, op, at)
    SELECT ?::text, seq, id, 'created', created_at FROM r
  )`;

/**
 * One conversation's whole batch, earlier-send lookup included: `prior` finds the messages
 * already stored under the batch's (author, client id) pairs, `f` keeps the rest (the first of
 * same-batch repeats), and the tail stores them. Returns the last seq taken (null when none
 * was) and the earlier sends as JSON rows.
 */
const LOOKUP_AND_APPEND = `WITH i AS (
    SELECT * FROM ${UNNEST}
  ), prior AS (
    SELECT * FROM ?? p
    WHERE (p.author_id, p.client_message_id) IN (SELECT author_id, client_message_id FROM i)
  ), f AS (
    SELECT i.*, row_number() OVER (ORDER BY i.ord) AS n FROM i
    WHERE NOT EXISTS (
      SELECT 1 FROM prior p WHERE p.author_id = i.author_id AND p.client_message_id = i.client_message_id
    ) AND NOT EXISTS (
      SELECT 1 FROM i j
      WHERE j.ord < i.ord AND j.author_id = i.author_id AND j.client_message_id = i.client_message_id
    )
  ), ${TAIL}
  SELECT (SELECT last_seq FROM s) AS last_seq, (SELECT count(*) FROM f) AS fresh,
    (SELECT json_agg(prior) FROM prior) AS prior`;

/** Store rows the caller already planned (no lookup): every row of the batch is new. */
const APPEND = `WITH f AS (
    SELECT u.*, u.ord AS n FROM ${UNNEST}
  ), ${TAIL}
  SELECT last_seq FROM s`;

function tailParams(ctx: QueryContext, conversation: string): Knex.Value[] {
  const { t } = ctx;
  return [t.conversationSeqs, conversation, t.messages, conversation, t.messageLog, conversation];
}

function arrays(messages: NewMessage[]): Knex.Value[] {
  const rows = messages.map(arrayRow);
  return ARRAY_COLUMNS.map(([c]) => rows.map((r) => r[c]) as Knex.Value);
}

/** A batch of one conversation in one statement, which is its own commit. */
async function appendOneConversation(ctx: QueryContext, batch: NewMessage[]): Promise<AppendResult[]> {
  const conversation = batch[0]!.conversation;
  const result = await ctx.knex.raw(LOOKUP_AND_APPEND, [
    ...arrays(batch),
    ctx.t.messages,
    ...tailParams(ctx, conversation),
  ]);
  const row = (result.rows as Row[])[0];
  if (!row) throw new Error("append returned no row");
  const prior = new Map<string, MessageRecord>();
  for (const r of (row.prior ?? []) as Row[]) {
    const m = toMessage(r);
    prior.set(clientKey(m.authorId, m.clientMessageId ?? ""), m);
  }
  const plan = planAppend(batch, prior);
  const items = plan.byConversation[0]?.[1] ?? [];
  // The statement and planAppend apply the same rules; a disagreement would misnumber results.
  if (items.length !== num(row.fresh)) throw new Error("append plan and statement disagree");
  if (items.length > 0) numberMessages(plan, items, num(row.last_seq));
  return finishAppend(plan, batch);
}

/** Take seqs for planned `items` and insert them with their log rows, in one statement. */
async function appendPlanned(
  trx: Knex.Transaction,
  ctx: QueryContext,
  plan: AppendPlan,
  conversation: string,
  items: PendingInsert[],
): Promise<void> {
  const result = await trx.raw(APPEND, [
    ...arrays(items.map((item) => item.message)),
    ...tailParams(ctx, conversation),
  ]);
  const row = (result.rows as Row[])[0];
  if (!row) throw new Error("seq allocation returned no row");
  numberMessages(plan, items, num(row.last_seq));
}

/** Store a batch in one commit on Postgres; results in input order. */
export async function appendOnPostgres(ctx: QueryContext, batch: NewMessage[]): Promise<AppendResult[]> {
  const conversation = batch[0]!.conversation;
  if (batch.every((m) => m.conversation === conversation)) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await appendOneConversation(ctx, batch);
      } catch (error) {
        // A send racing in from another connection: plan again, its row is there now.
        const code = String((error as { code?: unknown }).code);
        const retry = isClientIdClash(error) || RETRYABLE_CODES.has(code);
        if (!retry || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
  // Several conversations: one transaction, their statements in sorted order (no lock cycles).
  return ctx.write(async (trx) => {
    const plan = planAppend(batch, await findByClientIds(trx, ctx, batch));
    try {
      for (const [conv, items] of plan.byConversation) await appendPlanned(trx, ctx, plan, conv, items);
    } catch (error) {
      if (isClientIdClash(error)) throw new RetryTransaction("client_message_id raced", { cause: error });
      throw error;
    }
    return finishAppend(plan, batch);
  });
}
