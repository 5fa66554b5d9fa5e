/**
 * Messages, the per-conversation log and read markers (docs/storage-adapters.md › Messages and
 * the conversation log, History, Read markers). Every create, edit and delete appends a step to
 * its conversation's array; the step's position gives its seq, so seqs cannot skip or repeat.
 */
import type {
  AppendResult,
  CountMessagesQuery,
  HistoryQuery,
  LogEntry,
  MessageRecord,
  NewMessage,
  ReadMarkerRecord,
} from "@lair-chat/server";
import { copy, type LogStep, pairKey, type Tables } from "./tables.ts";

function steps(t: Tables, conversation: string): LogStep[] {
  let list = t.log.get(conversation);
  if (!list) {
    list = [];
    t.log.set(conversation, list);
  }
  return list;
}

/** Append a step and return its seq. */
function takeSeq(t: Tables, conversation: string, op: LogStep["op"], at: number, messageId: string): number {
  const list = steps(t, conversation);
  const seq = list.length + 1;
  list.push({ seq, op, at, messageId });
  return seq;
}

export function lastSeq(t: Tables, conversation: string): number {
  return t.log.get(conversation)?.length ?? 0;
}

export function appendMessage(t: Tables, m: NewMessage): AppendResult {
  if (m.clientMessageId !== null) {
    const earlier = t.clientIds.get(pairKey(m.authorId, m.clientMessageId));
    const original = earlier === undefined ? undefined : t.messages.get(earlier);
    if (original) return { message: copy(original), created: false };
  }
  const seq = takeSeq(t, m.conversation, "created", m.createdAt, m.id);
  const message: MessageRecord = {
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
  };
  t.messages.set(m.id, message);
  if (m.clientMessageId !== null) t.clientIds.set(pairKey(m.authorId, m.clientMessageId), m.id);
  return { message: copy(message), created: true };
}

export function editMessage(
  t: Tables,
  id: string,
  content: string,
  at: number,
): { message: MessageRecord; seq: number } | null {
  const current = t.messages.get(id);
  if (!current || current.deletedAt !== null) return null;
  const next = { ...current, content, editedAt: at };
  t.messages.set(id, next);
  return { message: copy(next), seq: takeSeq(t, next.conversation, "edited", at, id) };
}

export function deleteMessage(
  t: Tables,
  id: string,
  at: number,
  by: string,
): { message: MessageRecord; seq: number } | null {
  const current = t.messages.get(id);
  if (!current || current.deletedAt !== null) return null;
  const next = { ...current, deletedAt: at, deletedBy: by };
  t.messages.set(id, next);
  return { message: copy(next), seq: takeSeq(t, next.conversation, "deleted", at, id) };
}

/** Messages of a conversation in seq order (the "created" steps of its log). */
function messagesOf(t: Tables, conversation: string): MessageRecord[] {
  const out: MessageRecord[] = [];
  for (const step of t.log.get(conversation) ?? []) {
    const m = step.op === "created" ? t.messages.get(step.messageId) : undefined;
    if (m) out.push(m);
  }
  return out;
}

/** The messages a history query matches, in seq order, before its limit is applied. */
function matchingMessages(t: Tables, conversation: string, q: CountMessagesQuery): MessageRecord[] {
  return messagesOf(t, conversation).filter(
    (m) =>
      (q.includeDeleted || m.deletedAt === null) &&
      (q.beforeSeq === undefined || m.seq < q.beforeSeq) &&
      (q.afterSeq === undefined || m.seq > q.afterSeq) &&
      (q.before === undefined || m.createdAt < q.before) &&
      (q.after === undefined || m.createdAt > q.after),
  );
}

/** `total_count` of a history page: the same filters as `listMessages`, no limit. */
export function countMessages(t: Tables, conversation: string, q: CountMessagesQuery): number {
  return matchingMessages(t, conversation, q).length;
}

export function listMessages(t: Tables, conversation: string, q: HistoryQuery): MessageRecord[] {
  const matching = matchingMessages(t, conversation, q);
  const lowerOnly =
    (q.afterSeq !== undefined || q.after !== undefined) &&
    q.beforeSeq === undefined &&
    q.before === undefined;
  const ordered = lowerOnly ? matching : matching.reverse();
  return ordered.slice(0, q.limit).map(copy);
}

export function readLog(t: Tables, conversation: string, afterSeq: number, limit: number): LogEntry[] {
  // Seq n sits at index n - 1.
  return (t.log.get(conversation) ?? [])
    .slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit)
    .map((s) => ({
      conversation,
      seq: s.seq,
      op: s.op,
      at: s.at,
      message: copy(t.messages.get(s.messageId)!),
    }));
}

export function listDmPartners(t: Tables, userId: string): string[] {
  const partners = new Set<string>();
  for (const m of t.messages.values()) {
    if (m.recipientId === null) continue;
    if (m.authorId === userId) partners.add(m.recipientId);
    else if (m.recipientId === userId) partners.add(m.authorId);
  }
  return [...partners];
}

export function setReadMarker(
  t: Tables,
  userId: string,
  conversation: string,
  seq: number,
  at: number,
): ReadMarkerRecord {
  const key = pairKey(userId, conversation);
  const current = t.readMarkers.get(key);
  if (current && current.lastReadSeq >= seq) return copy(current);
  const next = { userId, conversation, lastReadSeq: seq, updatedAt: at };
  t.readMarkers.set(key, next);
  return copy(next);
}

export function countUnread(t: Tables, userId: string, conversations: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const conversation of conversations) {
    const read = t.readMarkers.get(pairKey(userId, conversation))?.lastReadSeq ?? 0;
    counts[conversation] = messagesOf(t, conversation).filter(
      (m) => m.deletedAt === null && m.authorId !== userId && m.seq > read,
    ).length;
  }
  return counts;
}
