/**
 * Where queued sends wait until the server acknowledges them. A store only persists; ordering,
 * retries and status live in `Outbox`. Implementations must make `put`/`delete` durable before
 * their promise resolves: the outbox awaits `put` before the first transmission, which is what
 * lets a reload or a killed process resend (with the same `client_message_id`) instead of losing.
 */

/** A message target as it travels on the real-time connection. */
export type OutboxTarget = { type: "room"; room_id: string } | { type: "dm"; recipient: string };

/** Queue state of a message the server has not acknowledged. */
export type OutboxStatus = "pending" | "failed";

export interface OutboxEntry {
  /** Idempotency key sent as `client_message_id`; also the entry's identity. */
  clientMessageId: string;
  /** User id of the sender; a store may hold entries of several accounts. */
  ownerId: string;
  /** Conversation key (see `conversationKey`). */
  conversation: string;
  target: OutboxTarget;
  content: string;
  /** When the user sent it (RFC 3339), for display and ordering. */
  createdAt: string;
  /** Position in the queue; strictly increasing per store. */
  order: number;
  status: OutboxStatus;
  /** Transmissions so far. */
  attempts: number;
  /** Why it failed (only for `failed`). */
  error?: { code: string; message: string };
}

export interface OutboxStore {
  /** Every stored entry, in any order. */
  load(): Promise<OutboxEntry[]>;
  /** Insert or replace the entry with this `clientMessageId`, durably. */
  put(entry: OutboxEntry): Promise<void>;
  /** Remove an entry (no error when absent), durably. */
  delete(clientMessageId: string): Promise<void>;
}

/** Keeps entries in memory: survives reconnects, not reloads. The default. */
export class MemoryOutboxStore implements OutboxStore {
  readonly #entries = new Map<string, OutboxEntry>();

  async load(): Promise<OutboxEntry[]> {
    return [...this.#entries.values()].map((entry) => structuredClone(entry));
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.#entries.set(entry.clientMessageId, structuredClone(entry));
  }

  async delete(clientMessageId: string): Promise<void> {
    this.#entries.delete(clientMessageId);
  }
}

/** True for a value shaped like an OutboxEntry; stores use it to skip corrupt records. */
export function isOutboxEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  const target = entry.target as Record<string, unknown> | null | undefined;
  return (
    typeof entry.clientMessageId === "string" &&
    typeof entry.ownerId === "string" &&
    typeof entry.conversation === "string" &&
    typeof entry.content === "string" &&
    typeof entry.createdAt === "string" &&
    typeof entry.order === "number" &&
    typeof entry.attempts === "number" &&
    (entry.status === "pending" || entry.status === "failed") &&
    typeof target === "object" &&
    target !== null &&
    ((target.type === "room" && typeof target.room_id === "string") ||
      (target.type === "dm" && typeof target.recipient === "string"))
  );
}
