/**
 * Messages, conversation logs and read markers of the memory adapter. Every method runs to
 * completion synchronously, which is what makes seq allocation and the idempotency check
 * atomic against concurrent callers.
 */

import { LairError } from "@lair-chat/protocol";
import type {
  AppendResult,
  CountMessagesQuery,
  HistoryQuery,
  LogEntry,
  MessageRecord,
  NewMessage,
  ReadMarkerRecord,
} from "@lair-chat/server";
import { ConversationLog, indexAfter } from "./conversation-log.ts";
import { getOrCreate } from "./get-or-create.ts";

export class MemoryMessages {
  readonly messages = new Map<string, MessageRecord>();
  readonly #conversations = new Map<string, ConversationLog>();
  /** `authorId \0 clientMessageId` → message id. */
  readonly #byClientId = new Map<string, string>();
  /** userId → ids of users they share a DM conversation with. */
  readonly #dmPartners = new Map<string, Set<string>>();
  /** userId → conversation → marker. */
  readonly #markers = new Map<string, Map<string, ReadMarkerRecord>>();

  /** Append a batch atomically: every new id is checked before anything is written. */
  appendMessages(batch: readonly NewMessage[]): AppendResult[] {
    const ids = new Set<string>();
    for (const m of batch) {
      if (this.messages.has(m.id) || ids.has(m.id)) {
        throw new LairError("conflict", { message: `Message id already exists: ${m.id}` });
      }
      ids.add(m.id);
    }
    return batch.map((m) => this.#append(m));
  }

  getMessage(id: string): MessageRecord | null {
    const message = this.messages.get(id);
    return message ? { ...message } : null;
  }

  editMessage(id: string, content: string, at: number): { message: MessageRecord; seq: number } | null {
    const message = this.messages.get(id);
    if (!message || message.deletedAt !== null) return null;
    message.content = content;
    message.editedAt = at;
    const seq = this.#log(message.conversation).record("edited", id, at);
    return { message: { ...message }, seq };
  }

  deleteMessage(id: string, at: number, by: string): { message: MessageRecord; seq: number } | null {
    const message = this.messages.get(id);
    if (!message || message.deletedAt !== null) return null;
    message.deletedAt = at;
    message.deletedBy = by;
    const seq = this.#log(message.conversation).record("deleted", id, at);
    return { message: { ...message }, seq };
  }

  listMessages(conversation: string, query: HistoryQuery): MessageRecord[] {
    if (!Number.isInteger(query.limit) || query.limit < 0) {
      throw new RangeError(`query.limit must be a non-negative integer, got ${query.limit}`);
    }
    const rows = this.#conversations.get(conversation)?.messages ?? [];
    const start = query.afterSeq === undefined ? 0 : indexAfter(rows, query.afterSeq);
    const end = query.beforeSeq === undefined ? rows.length : indexAfter(rows, query.beforeSeq - 1);
    const forwards =
      query.beforeSeq === undefined &&
      query.before === undefined &&
      (query.afterSeq !== undefined || query.after !== undefined);
    const out: MessageRecord[] = [];
    const take = (m: MessageRecord) => {
      if (!query.includeDeleted && m.deletedAt !== null) return;
      if (query.before !== undefined && m.createdAt >= query.before) return;
      if (query.after !== undefined && m.createdAt <= query.after) return;
      out.push({ ...m });
    };
    if (forwards) for (let i = start; i < end && out.length < query.limit; i++) take(rows[i]!);
    else for (let i = end - 1; i >= start && out.length < query.limit; i--) take(rows[i]!);
    return out;
  }

  countMessages(conversation: string, query: CountMessagesQuery): number {
    const rows = this.#conversations.get(conversation)?.messages ?? [];
    const start = query.afterSeq === undefined ? 0 : indexAfter(rows, query.afterSeq);
    const end = query.beforeSeq === undefined ? rows.length : indexAfter(rows, query.beforeSeq - 1);
    let n = 0;
    for (let i = start; i < end; i++) {
      const m = rows[i]!;
      if (!query.includeDeleted && m.deletedAt !== null) continue;
      if (query.before !== undefined && m.createdAt >= query.before) continue;
      if (query.after !== undefined && m.createdAt <= query.after) continue;
      n++;
    }
    return n;
  }

  readLog(conversation: string, afterSeq: number, limit: number): LogEntry[] {
    const log = this.#conversations.get(conversation);
    if (!log) return [];
    const from = indexAfter(log.steps, afterSeq);
    return log.steps.slice(from, from + Math.max(0, limit)).map((step) => ({
      conversation,
      seq: step.seq,
      op: step.op,
      message: { ...this.messages.get(step.messageId)! },
      at: step.at,
    }));
  }

  lastSeq(conversation: string): number {
    return this.#conversations.get(conversation)?.lastSeq ?? 0;
  }

  listDmPartners(userId: string): string[] {
    return Array.from(this.#dmPartners.get(userId) ?? []);
  }

  setReadMarker(userId: string, conversation: string, seq: number, at: number): ReadMarkerRecord {
    const markers = getOrCreate(this.#markers, userId, () => new Map<string, ReadMarkerRecord>());
    const current = markers.get(conversation);
    if (current && current.lastReadSeq >= seq) return { ...current };
    const next: ReadMarkerRecord = { userId, conversation, lastReadSeq: seq, updatedAt: at };
    markers.set(conversation, next);
    return { ...next };
  }

  listReadMarkers(userId: string): ReadMarkerRecord[] {
    return Array.from(this.#markers.get(userId)?.values() ?? [], (m) => ({ ...m }));
  }

  countUnread(userId: string, conversations: readonly string[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const conversation of conversations) {
      const rows = this.#conversations.get(conversation)?.messages ?? [];
      const seen = this.#markers.get(userId)?.get(conversation)?.lastReadSeq ?? 0;
      let n = 0;
      for (let i = indexAfter(rows, seen); i < rows.length; i++) {
        const m = rows[i]!;
        if (m.deletedAt === null && m.authorId !== userId) n++;
      }
      counts[conversation] = n;
    }
    return counts;
  }

  countLive(): number {
    let n = 0;
    for (const m of this.messages.values()) if (m.deletedAt === null) n++;
    return n;
  }

  #append(m: NewMessage): AppendResult {
    const clientKey = m.clientMessageId === null ? undefined : `${m.authorId}\u0000${m.clientMessageId}`;
    const earlier = clientKey === undefined ? undefined : this.#byClientId.get(clientKey);
    if (earlier !== undefined) return { message: { ...this.messages.get(earlier)! }, created: false };
    const log = this.#log(m.conversation);
    const seq = log.record("created", m.id, m.createdAt);
    const stored: MessageRecord = {
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
      // Frozen: the shallow copies handed out share this array.
      ...(m.attachments !== undefined
        ? {
            attachments: Object.freeze(
              m.attachments.map((a) => Object.freeze({ ...a })),
            ) as MessageRecord["attachments"],
          }
        : {}),
    };
    this.messages.set(stored.id, stored);
    log.messages.push(stored);
    if (clientKey !== undefined) this.#byClientId.set(clientKey, stored.id);
    if (m.recipientId !== null) {
      this.#partner(m.authorId, m.recipientId);
      this.#partner(m.recipientId, m.authorId);
    }
    return { message: { ...stored }, created: true };
  }

  #partner(userId: string, partnerId: string): void {
    getOrCreate(this.#dmPartners, userId, () => new Set<string>()).add(partnerId);
  }

  #log(conversation: string): ConversationLog {
    return getOrCreate(this.#conversations, conversation, () => new ConversationLog());
  }
}
