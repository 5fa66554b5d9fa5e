/**
 * The queue behind `client.send`: every message is stored before its first transmission and
 * sent strictly in queue order, one at a time, until the server acknowledges it (then it leaves
 * the store) or rejects it for a reason a retry cannot fix (then it stays, `failed`, until
 * `retry` or `discard`). Sending one at a time keeps the server's commit order equal to the
 * order the user typed in.
 */

import { isLairError, LairError } from "@lair-chat/protocol";
import { EventEmitter } from "eventemitter3";
import { createId } from "../ids.ts";
import { isRetryableError, needsNewConnection } from "./is-retryable.ts";
import type { OutboxEntry, OutboxStore, OutboxTarget } from "./outbox-store.ts";

export interface OutboxEvents {
  /** An entry was queued or went back to pending. */
  pending: [entry: OutboxEntry];
  /** The server acknowledged an entry; `result` is whatever `send` resolved with. */
  sent: [entry: OutboxEntry, result: unknown];
  /** An entry failed for good. */
  failed: [entry: OutboxEntry];
  /** A failed entry was discarded. */
  discarded: [entry: OutboxEntry];
}

export interface OutboxOptions {
  store: OutboxStore;
  /** Transmit one entry; resolves with the server's acknowledgement, rejects with a LairError. */
  send: (entry: OutboxEntry) => Promise<unknown>;
  /** Most entries (pending and failed) held at once. @default 1000 */
  limit?: number;
  /** Longest wait between retries after a server-side failure, in ms. @default 30000 */
  maxRetryDelay?: number;
}

export interface EnqueueInput {
  conversation: string;
  target: OutboxTarget;
  content: string;
  /** Use a caller-chosen idempotency key (≤ 64 chars). @default a random id */
  clientMessageId?: string;
}

export class Outbox extends EventEmitter<OutboxEvents> {
  readonly #store: OutboxStore;
  readonly #send: (entry: OutboxEntry) => Promise<unknown>;
  readonly #limit: number;
  readonly #maxRetryDelay: number;
  /** This owner's entries, in queue order. */
  #entries: OutboxEntry[] = [];
  #ownerId: string | undefined;
  #nextOrder = 0;
  #online = false;
  #running = false;
  #again = false;
  #failures = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: OutboxOptions) {
    super();
    this.#store = options.store;
    this.#send = options.send;
    this.#limit = options.limit ?? 1000;
    this.#maxRetryDelay = options.maxRetryDelay ?? 30_000;
    if (!Number.isInteger(this.#limit) || this.#limit < 1)
      throw new RangeError("limit must be a positive integer");
  }

  /** Entries (pending and failed) of the current owner, in queue order. */
  get entries(): readonly OutboxEntry[] {
    return this.#entries;
  }

  /** Load the stored entries of `ownerId` (the logged-in user); others stay untouched in the store. */
  async load(ownerId: string): Promise<void> {
    const all = await this.#store.load();
    this.#ownerId = ownerId;
    this.#nextOrder = all.reduce((max, e) => Math.max(max, e.order + 1), this.#nextOrder);
    this.#entries = all.filter((e) => e.ownerId === ownerId).sort((a, b) => a.order - b.order);
    for (const entry of this.#entries) this.emit(entry.status === "failed" ? "failed" : "pending", entry);
    this.#kick();
  }

  /** Queue a message; resolves once it is stored (and so survives a restart). */
  async enqueue(input: EnqueueInput): Promise<OutboxEntry> {
    if (this.#ownerId === undefined)
      throw new LairError("unauthorized", { message: "Log in before sending" });
    if (typeof input.content !== "string") throw new TypeError("content must be a string");
    const clientMessageId = input.clientMessageId ?? createId();
    if (typeof clientMessageId !== "string" || clientMessageId.length === 0 || clientMessageId.length > 64) {
      throw new RangeError("clientMessageId must be 1 to 64 characters");
    }
    if (this.#entries.some((e) => e.clientMessageId === clientMessageId)) {
      throw new LairError("conflict", { message: "clientMessageId is already queued" });
    }
    if (this.#entries.length >= this.#limit) {
      throw new LairError("rate_limited", { message: "Outbox is full", details: { limit: this.#limit } });
    }
    const entry: OutboxEntry = {
      clientMessageId,
      ownerId: this.#ownerId,
      conversation: input.conversation,
      target: input.target,
      content: input.content,
      createdAt: new Date().toISOString(),
      order: this.#nextOrder++,
      status: "pending",
      attempts: 0,
    };
    await this.#store.put(entry);
    this.#entries.push(entry);
    this.emit("pending", entry);
    this.#kick();
    return entry;
  }

  /** Tell the outbox whether a ready connection exists; going online flushes the queue. */
  setOnline(online: boolean): void {
    this.#online = online;
    if (online) {
      this.#failures = 0;
      this.#kick();
    }
  }

  /** Put a failed entry back in the queue (at its original position). */
  async retry(clientMessageId: string): Promise<void> {
    const entry = this.#find(clientMessageId);
    if (entry.status !== "failed") return;
    entry.status = "pending";
    delete entry.error;
    await this.#store.put(entry);
    this.emit("pending", entry);
    this.#kick();
  }

  /** Drop a failed entry. Pending entries cannot be discarded: they may already be on the server. */
  async discard(clientMessageId: string): Promise<void> {
    const entry = this.#find(clientMessageId);
    if (entry.status !== "failed") {
      throw new LairError("invalid_state", { message: "Only failed messages can be discarded" });
    }
    await this.#store.delete(clientMessageId);
    this.#entries = this.#entries.filter((e) => e !== entry);
    this.emit("discarded", entry);
  }

  /** Stop timers; entries stay in the store. */
  dispose(): void {
    this.#disposed = true;
    this.#online = false;
    clearTimeout(this.#retryTimer);
  }

  #find(clientMessageId: string): OutboxEntry {
    const entry = this.#entries.find((e) => e.clientMessageId === clientMessageId);
    if (!entry) throw new LairError("not_found", { message: "No such queued message" });
    return entry;
  }

  #kick(): void {
    if (this.#disposed || !this.#online || this.#retryTimer !== undefined) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = true;
    void this.#drain().finally(() => {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.#kick();
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#online && !this.#disposed) {
      const entry = this.#entries.find((e) => e.status === "pending");
      if (!entry) return;
      entry.attempts += 1;
      let result: unknown;
      try {
        result = await this.#send(entry);
      } catch (error) {
        if (!(await this.#handleFailure(entry, error))) return;
        continue;
      }
      this.#failures = 0;
      this.#entries = this.#entries.filter((e) => e !== entry);
      // Forget it durably before reporting it sent, so "sent" also means "not resent after a
      // restart". If the delete fails, a resend after a restart is deduplicated by the server.
      await this.#store.delete(entry.clientMessageId).catch(() => {});
      this.emit("sent", entry, result);
    }
  }

  /** Returns true to keep draining. */
  async #handleFailure(entry: OutboxEntry, error: unknown): Promise<boolean> {
    if (!isRetryableError(error)) {
      entry.status = "failed";
      const wire = isLairError(error) ? error : new LairError("internal_error");
      entry.error = { code: wire.code, message: wire.message };
      await this.#store.put(entry).catch(() => {});
      this.emit("failed", entry);
      return true;
    }
    if (needsNewConnection(error)) return false;
    // Head-of-line: later messages wait too, so the order the user typed in survives.
    this.#failures += 1;
    const retryAfter = isLairError(error) ? Number(error.details?.retry_after) : Number.NaN;
    const delay = Number.isFinite(retryAfter)
      ? retryAfter * 1000
      : Math.min(this.#maxRetryDelay, 500 * 2 ** (this.#failures - 1));
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#kick();
    }, delay);
    return false;
  }
}
