/**
 * The database-free part of appending a batch, shared by the knex path and the SQLite
 * statement path: which messages are new, which repeat an earlier or same-batch send, the
 * order seqs are taken in, and the rows to write.
 */
import type { AppendResult, MessageRecord, NewMessage } from "@lair-chat/server";
import { isUniqueViolation } from "../map-error.ts";
import type { Row } from "../rows.ts";

export function clientKey(authorId: string, clientMessageId: string): string {
  return `${authorId}\u0000${clientMessageId}`;
}

/** True when `error` is a clash on the (author_id, client_message_id) unique index. */
export function isClientIdClash(error: unknown): boolean {
  if (!isUniqueViolation(error)) return false;
  const e = error as { constraint?: unknown; message?: string };
  return (
    e.constraint === "lair_messages_client_id_uq" ||
    (e.message ?? "").includes("messages.author_id, messages.client_message_id")
  );
}

export interface PendingInsert {
  index: number;
  message: NewMessage;
}

/** What to insert, per conversation in sorted order (so two batches never wait on each other in a cycle). */
export interface AppendPlan {
  results: AppendResult[];
  byConversation: [conversation: string, items: PendingInsert[]][];
}

/** Split `batch` into earlier sends (answered from `existing`), same-batch repeats and new messages. */
export function planAppend(batch: NewMessage[], existing: Map<string, MessageRecord>): AppendPlan {
  const results: AppendResult[] = new Array(batch.length);
  const pending = new Set<string>();
  const groups = new Map<string, PendingInsert[]>();
  for (const [index, message] of batch.entries()) {
    const key =
      message.clientMessageId === null ? null : clientKey(message.authorId, message.clientMessageId);
    const earlier = key === null ? undefined : existing.get(key);
    if (earlier) {
      results[index] = { message: earlier, created: false };
    } else if (key === null || !pending.has(key)) {
      const list = groups.get(message.conversation);
      if (list) list.push({ index, message });
      else groups.set(message.conversation, [{ index, message }]);
      if (key !== null) pending.add(key);
    }
    // else: a repeat within this batch, answered by `finishAppend` once the first copy has its seq.
  }
  const byConversation = [...groups.keys()]
    .sort()
    .map((c) => [c, groups.get(c)!] as [string, PendingInsert[]]);
  return { results, byConversation };
}

/** Record the new messages of one conversation, numbered up to `last`; returns their records. */
export function numberMessages(plan: AppendPlan, items: PendingInsert[], last: number): MessageRecord[] {
  let seq = last - items.length + 1;
  return items.map(({ index, message }) => {
    const record = newRecord(message, seq++);
    plan.results[index] = { message: record, created: true };
    return record;
  });
}

/** Answer the same-batch repeats with the copy that was inserted; returns the results in input order. */
export function finishAppend(plan: AppendPlan, batch: NewMessage[]): AppendResult[] {
  const { results } = plan;
  const fresh = new Map<string, MessageRecord>();
  for (const r of results) {
    if (r?.created && r.message.clientMessageId !== null)
      fresh.set(clientKey(r.message.authorId, r.message.clientMessageId), r.message);
  }
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

/** The `messages` columns of a new message, in `MESSAGE_COLUMNS` order. */
export const MESSAGE_COLUMNS = [
  "id",
  "conversation",
  "room_id",
  "recipient_id",
  "author_id",
  "content",
  "seq",
  "client_message_id",
  "created_at",
  "kind",
  "attachments",
] as const;

export function messageRow(m: MessageRecord): Row {
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
    kind: m.kind ?? null,
    attachments: m.attachments === undefined ? null : JSON.stringify(m.attachments),
  };
}

/** The `message_log` row of a new message. */
export function createdLogRow(m: MessageRecord): Row {
  return { conversation: m.conversation, seq: m.seq, message_id: m.id, op: "created", at: m.createdAt };
}
