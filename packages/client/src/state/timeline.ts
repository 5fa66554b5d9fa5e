/**
 * One conversation's messages in display order, ready for a UI: acknowledged messages sorted by
 * `seq` (commit order) when both sides carry one, else by `created_at`, with ties kept in arrival
 * order (a plain Lair server stamps in milliseconds, and its event and page order is commit
 * order); each message at most once (by id); then the messages still in the outbox, in the order
 * they were sent.
 * `items` is an immutable snapshot that changes identity only when the timeline changes.
 */
import type { Message } from "@lair-chat/protocol";
import type { OutboxEntry } from "../outbox/outbox-store.ts";

/** Delivery state of a timeline item: `sent` once the server has it. */
export type MessageStatus = "pending" | "sent" | "failed";

export interface TimelineItem {
  /**
   * Stable key for rendering: the `client_message_id` for messages sent from here (so an item
   * keeps its key when it goes from pending to sent), else the message id.
   */
  readonly key: string;
  readonly status: MessageStatus;
  /** For a pending or failed item, `id` is the client_message_id and `seq` is absent. */
  readonly message: Message;
  /** Author's username when an event told us. */
  readonly authorUsername?: string;
  /** Why sending failed (status `failed`). */
  readonly error?: { code: string; message: string };
}

function compareMessages(a: Message, b: Message): number {
  if (a.seq !== undefined && b.seq !== undefined && a.seq !== b.seq) return a.seq - b.seq;
  return Date.parse(a.created_at) - Date.parse(b.created_at);
}

export class Timeline {
  readonly conversation: string;
  /** Acknowledged items, sorted. */
  #sent: TimelineItem[] = [];
  readonly #byId = new Map<string, TimelineItem>();
  /** Keys of acknowledged items, so a late outbox update cannot resurrect a sent message. */
  readonly #sentKeys = new Set<string>();
  /** Outbox items by client_message_id, in queue order. */
  readonly #pending = new Map<string, TimelineItem & { order: number }>();
  #snapshot: readonly TimelineItem[] | undefined = [];

  constructor(conversation: string) {
    this.conversation = conversation;
  }

  /** Everything to render, oldest first. */
  get items(): readonly TimelineItem[] {
    if (this.#snapshot === undefined) {
      const pending = [...this.#pending.values()].sort((a, b) => a.order - b.order);
      this.#snapshot = Object.freeze([...this.#sent, ...pending.map(({ order: _, ...item }) => item)]);
    }
    return this.#snapshot;
  }

  /** Acknowledged messages only, oldest first. */
  get messages(): Message[] {
    return this.#sent.map((item) => item.message);
  }

  has(messageId: string): boolean {
    return this.#byId.has(messageId);
  }

  get(messageId: string): Message | undefined {
    return this.#byId.get(messageId)?.message;
  }

  /** The newest acknowledged message. */
  get newest(): Message | undefined {
    return this.#sent.at(-1)?.message;
  }

  /** The oldest acknowledged message. */
  get oldest(): Message | undefined {
    return this.#sent[0]?.message;
  }

  /**
   * Add or update an acknowledged message (new, edited, replayed or backfilled); a tombstone
   * (`deleted: true`) removes it. Settles the outbox item with the same client_message_id.
   * Returns true when the timeline changed.
   */
  upsert(message: Message, authorUsername?: string): boolean {
    if (message.deleted) return this.remove(message.id);
    let changed = false;
    const cmid = message.client_message_id;
    if (cmid !== undefined && this.#pending.delete(cmid)) changed = true;
    const existing = this.#byId.get(message.id);
    if (existing) {
      if (
        sameMessage(existing.message, message) &&
        (authorUsername ?? existing.authorUsername) === existing.authorUsername
      ) {
        if (changed) this.#snapshot = undefined;
        return changed;
      }
      const index = this.#indexOf(existing);
      // A replay may lack fields a newer copy had (seq, client_message_id); keep them.
      const merged: Message = {
        ...message,
        seq: message.seq ?? existing.message.seq,
        client_message_id: cmid ?? existing.message.client_message_id,
      };
      const item = makeItem(merged, existing.key, authorUsername ?? existing.authorUsername);
      if (merged.seq === existing.message.seq && merged.created_at === existing.message.created_at) {
        // Same place in the order: replace in place, so it keeps its rank among equal timestamps.
        this.#sent[index] = item;
      } else {
        this.#sent.splice(index, 1);
        this.#insert(item);
      }
      this.#byId.set(message.id, item);
    } else {
      const item = makeItem(message, cmid ?? message.id, authorUsername);
      this.#insert(item);
      this.#byId.set(message.id, item);
      this.#sentKeys.add(item.key);
    }
    this.#snapshot = undefined;
    return true;
  }

  /** Remove an acknowledged message (deleted). Returns true when it was there. */
  remove(messageId: string): boolean {
    const existing = this.#byId.get(messageId);
    if (!existing) return false;
    this.#sent.splice(this.#indexOf(existing), 1);
    this.#byId.delete(messageId);
    this.#sentKeys.delete(existing.key);
    this.#snapshot = undefined;
    return true;
  }

  /** Show (or update) an outbox entry, unless the server's copy is already here. */
  upsertPending(entry: OutboxEntry, selfUsername?: string): boolean {
    if (this.#sentKeys.has(entry.clientMessageId)) return false;
    const message: Message = {
      id: entry.clientMessageId,
      author: entry.ownerId,
      target: entry.target,
      content: entry.content,
      edited: false,
      created_at: entry.createdAt,
      client_message_id: entry.clientMessageId,
    };
    const item = {
      key: entry.clientMessageId,
      status: entry.status,
      message,
      order: entry.order,
      ...(selfUsername === undefined ? {} : { authorUsername: selfUsername }),
      ...(entry.error ? { error: entry.error } : {}),
    };
    this.#pending.set(entry.clientMessageId, item);
    this.#snapshot = undefined;
    return true;
  }

  /**
   * The server acknowledged an outbox entry with `message` (its response may come before or
   * after the broadcast of the same message); the item keeps its key.
   */
  acknowledge(clientMessageId: string, message: Message, authorUsername?: string): boolean {
    this.#pending.delete(clientMessageId);
    this.#snapshot = undefined;
    const withKey =
      message.client_message_id === undefined ? { ...message, client_message_id: clientMessageId } : message;
    this.upsert(withKey, authorUsername);
    return true;
  }

  /** Drop an outbox item (discarded). */
  removePending(clientMessageId: string): boolean {
    if (!this.#pending.delete(clientMessageId)) return false;
    this.#snapshot = undefined;
    return true;
  }

  #insert(item: TimelineItem): void {
    const list = this.#sent;
    // Appending is the common case (live traffic arrives in order).
    const last = list.at(-1);
    if (!last || compareMessages(last.message, item.message) <= 0) {
      list.push(item);
      return;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareMessages(list[mid]!.message, item.message) <= 0) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, item);
  }

  #indexOf(item: TimelineItem): number {
    const list = this.#sent;
    // Binary search to the neighbourhood, then scan: equal keys may sit side by side.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareMessages(list[mid]!.message, item.message) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length; i++) if (list[i] === item) return i;
    return list.indexOf(item);
  }
}

function makeItem(message: Message, key: string, authorUsername: string | undefined): TimelineItem {
  return authorUsername === undefined
    ? { key, status: "sent", message }
    : { key, status: "sent", message, authorUsername };
}

function sameMessage(a: Message, b: Message): boolean {
  return (
    a.content === b.content &&
    a.edited === b.edited &&
    (b.seq === undefined || a.seq === b.seq) &&
    (b.client_message_id === undefined || a.client_message_id === b.client_message_id)
  );
}
