/**
 * Appending messages: one transaction for a whole batch (group commit). Idempotency rests on
 * the unique (author_id, client_message_id) index: earlier sends are found before any seq is
 * taken; a send racing in from another connection surfaces as a unique violation, and then the
 * whole transaction is rolled back (seqs included) and retried, finding the winner's row.
 */
import type { AppendResult, MessageRecord, NewMessage } from "@lair-chat/server";
import type { Knex } from "knex";
import { type QueryContext, RetryTransaction } from "../context.ts";
import { isUniqueViolation } from "../map-error.ts";
import type { Row } from "../rows.ts";
import { toMessage } from "../rows.ts";
import { takeSeqs } from "./seqs.ts";

const CHUNK = 200;

function clientKey(authorId: string, clientMessageId: string): string {
  return `${authorId}\u0000${clientMessageId}`;
}

function isClientIdClash(error: unknown): boolean {
  if (!isUniqueViolation(error)) return false;
  const e = error as { constraint?: unknown; message?: string };
  return (
    e.constraint === "lair_messages_client_id_uq" ||
    (e.message ?? "").includes("messages.author_id, messages.client_message_id")
  );
}

async function findByClientIds(trx: Knex.Transaction, ctx: QueryContext, batch: NewMessage[]) {
  const found = new Map<string, MessageRecord>();
  const keyed = batch.filter((m) => m.clientMessageId !== null);
  for (let i = 0; i < keyed.length; i += CHUNK) {
    const chunk = keyed.slice(i, i + CHUNK);
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

async function appendInTransaction(
  trx: Knex.Transaction,
  ctx: QueryContext,
  batch: NewMessage[],
): Promise<AppendResult[]> {
  const existing = await findByClientIds(trx, ctx, batch);
  const results: AppendResult[] = new Array(batch.length);
  const pending = new Set<string>();
  const fresh = new Map<string, MessageRecord>();
  const toInsert: { index: number; message: NewMessage }[] = [];
  for (const [index, message] of batch.entries()) {
    const key =
      message.clientMessageId === null ? null : clientKey(message.authorId, message.clientMessageId);
    const earlier = key === null ? undefined : existing.get(key);
    if (earlier) {
      results[index] = { message: earlier, created: false };
    } else if (key === null || !pending.has(key)) {
      toInsert.push({ index, message });
      if (key !== null) pending.add(key);
    }
    // else: a repeat within this batch, answered below once the first copy has its seq.
  }

  // Take seqs per conversation in sorted order, so two batches never wait on each other in a cycle.
  const byConversation = new Map<string, { index: number; message: NewMessage }[]>();
  for (const item of toInsert) {
    const list = byConversation.get(item.message.conversation) ?? [];
    list.push(item);
    byConversation.set(item.message.conversation, list);
  }
  const rows: Row[] = [];
  const logRows: Row[] = [];
  for (const conversation of [...byConversation.keys()].sort()) {
    const items = byConversation.get(conversation)!;
    const last = await takeSeqs(trx, ctx, conversation, items.length);
    let seq = last - items.length + 1;
    for (const { index, message } of items) {
      const record = newRecord(message, seq);
      results[index] = { message: record, created: true };
      if (message.clientMessageId !== null)
        fresh.set(clientKey(message.authorId, message.clientMessageId), record);
      rows.push(messageRow(record));
      logRows.push({ conversation, seq, message_id: message.id, op: "created", at: message.createdAt });
      seq++;
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

  for (const [index, message] of batch.entries()) {
    if (results[index] || message.clientMessageId === null) continue;
    results[index] = {
      message: { ...fresh.get(clientKey(message.authorId, message.clientMessageId))! },
      created: false,
    };
  }
  return results;
}

function newRecord(m: NewMessage, seq: number): MessageRecord {
  return {
    id: m.id,
    conversation: m.conversation,
    roomId: m.roomId,
    recipientId: m.recipientId,
    authorId: m.authorId,
    content: m.content,
    seq,
    clientMessageId: m.clientMessageId,
    createdAt: m.createdAt,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    ...(m.kind !== undefined ? { kind: m.kind } : {}),
    ...(m.attachments !== undefined ? { attachments: m.attachments.map((a) => ({ ...a })) } : {}),
  };
}

function messageRow(m: MessageRecord): Row {
  return {
    id: m.id,
    conversation: m.conversation,
    room_id: m.roomId,
    recipient_id: m.recipientId,
    author_id: m.authorId,
    content: m.content,
    seq: m.seq,
    client_message_id: m.clientMessageId,
    created_at: m.createdAt,
    edited_at: null,
    deleted_at: null,
    deleted_by: null,
    kind: m.kind ?? null,
    attachments: m.attachments === undefined ? null : JSON.stringify(m.attachments),
  };
}

/** Store a batch in one commit; results in input order. */
export async function appendMessages(ctx: QueryContext, batch: NewMessage[]): Promise<AppendResult[]> {
  if (batch.length === 0) return [];
  return ctx.write((trx) => appendInTransaction(trx, ctx, batch));
}
