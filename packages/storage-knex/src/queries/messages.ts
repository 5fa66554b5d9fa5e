/** Reading, editing and deleting messages; every edit and delete takes the next seq. */
import type { HistoryQuery, LogEntry, LogOperation, MessageRecord } from "@lair-chat/server";
import type { Knex } from "knex";
import type { QueryContext } from "../context.ts";
import { num, type Row, toMessage } from "../rows.ts";
import { takeSeqs } from "./seqs.ts";

export async function getMessage({ knex, t }: QueryContext, id: string): Promise<MessageRecord | null> {
  const row = await knex(t.messages).where({ id }).first();
  return row ? toMessage(row) : null;
}

/** Signals "nothing to change" from inside a transaction, so its seq is rolled back. */
class NoChange extends Error {}

async function changeMessage(
  ctx: QueryContext,
  id: string,
  op: Exclude<LogOperation, "created">,
  at: number,
  columns: Row,
): Promise<{ message: MessageRecord; seq: number } | null> {
  const { t } = ctx;
  try {
    return await ctx.write(async (trx: Knex.Transaction) => {
      const row = await trx(t.messages).where({ id }).whereNull("deleted_at").first("conversation");
      if (!row) throw new NoChange();
      const conversation = String(row.conversation);
      // The seq lock comes first, so this waits for any concurrent change in the conversation;
      // the update then re-checks `deleted_at` against what that change committed.
      const seq = await takeSeqs(trx, ctx, conversation, 1);
      const changed = await trx(t.messages).where({ id }).whereNull("deleted_at").update(columns);
      if (changed === 0) throw new NoChange();
      await trx(t.messageLog).insert({ conversation, seq, message_id: id, op, at });
      const updated = await trx(t.messages).where({ id }).first();
      return { message: toMessage(updated), seq };
    });
  } catch (error) {
    if (error instanceof NoChange) return null;
    throw error;
  }
}

export function editMessage(ctx: QueryContext, id: string, content: string, at: number) {
  return changeMessage(ctx, id, "edited", at, { content, edited_at: at });
}

export function deleteMessage(ctx: QueryContext, id: string, at: number, by: string) {
  return changeMessage(ctx, id, "deleted", at, { deleted_at: at, deleted_by: by });
}

export async function listMessages(
  { knex, t }: QueryContext,
  conversation: string,
  query: HistoryQuery,
): Promise<MessageRecord[]> {
  const backwards = query.beforeSeq !== undefined || query.before !== undefined;
  const forwards = !backwards && (query.afterSeq !== undefined || query.after !== undefined);
  const q = knex(t.messages).where({ conversation });
  if (query.beforeSeq !== undefined) q.where("seq", "<", query.beforeSeq);
  if (query.afterSeq !== undefined) q.where("seq", ">", query.afterSeq);
  if (query.before !== undefined) q.where("created_at", "<", query.before);
  if (query.after !== undefined) q.where("created_at", ">", query.after);
  if (!query.includeDeleted) q.whereNull("deleted_at");
  const rows: Row[] = await q.orderBy("seq", forwards ? "asc" : "desc").limit(query.limit);
  return rows.map(toMessage);
}

export async function readLog(
  { knex, t }: QueryContext,
  conversation: string,
  afterSeq: number,
  limit: number,
): Promise<LogEntry[]> {
  const rows: Row[] = await knex({ l: t.messageLog })
    .join({ m: t.messages }, "m.id", "l.message_id")
    .where("l.conversation", conversation)
    .where("l.seq", ">", afterSeq)
    .orderBy("l.seq", "asc")
    .limit(limit)
    .select("m.*", { log_seq: "l.seq", log_op: "l.op", log_at: "l.at" });
  return rows.map((r) => ({
    conversation,
    seq: num(r.log_seq),
    op: r.log_op as LogOperation,
    message: toMessage(r),
    at: num(r.log_at),
  }));
}

export async function listDmPartners({ knex, t }: QueryContext, userId: string): Promise<string[]> {
  // Both directions use an index: (author_id, ...) from the client-id index, and recipient_id.
  const sent = knex(t.messages)
    .distinct("recipient_id as partner")
    .where({ author_id: userId })
    .whereNotNull("recipient_id");
  const received = knex(t.messages).distinct("author_id as partner").where({ recipient_id: userId });
  const rows: Row[] = await sent.union(received);
  return [...new Set(rows.map((r) => String(r.partner)))];
}
