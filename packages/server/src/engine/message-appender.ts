/**
 * Group commit of sends per conversation. A send is stored inside its conversation's
 * KeyedQueue, so its event leaves in commit order; the sends of a conversation that arrive
 * while its queue is busy (the previous commit still running) wait together and are stored
 * with one `appendMessages` call: one commit (on Postgres one WAL flush) for all of them
 * instead of one each. Without that, a node stored one message of a busy room per commit round
 * trip whatever the number of senders, and that round trip bounded the room's rate on the node
 * (see docs/scaling.md, "Sizing").
 *
 * Each send still gets its own result and its own event, in the batch's order. A batch that
 * fails is stored again one message at a time, so a message the storage refuses fails alone;
 * only `storage_unavailable` fails the whole batch at once (retrying each would wait for the
 * storage once per message).
 *
 * On a single-writer storage (`capabilities.multiProcess` false: SQLite, memory) the batches of
 * different conversations whose commits start in the same event-loop turn go further: they
 * share one `appendMessages` call at the end of the turn (`setImmediate`), one transaction for
 * a busy server's many quiet rooms. Each conversation's queue still waits for that commit, so
 * events keep their order per conversation; if the shared call fails, each conversation's batch
 * is committed on its own. Multi-writer storages (Postgres) keep one call per conversation, so
 * two nodes never lock several conversations' counters in opposite orders.
 */
import { LairError } from "@lair-chat/protocol";
import type { AppendResult, NewMessage, Storage } from "../storage/storage.ts";
import type { KeyedQueue } from "./keyed-queue.ts";

/** One send: what to store and what to do once it is stored (inside the conversation's queue). */
export interface AppendJob<T> {
  message: NewMessage;
  /** Runs after the commit, in the batch's order, still inside the queue (e.g. publish the event). */
  committed(result: AppendResult): Promise<T>;
  /** Runs when storing the message failed, before the job rejects with that error. */
  failed(error: unknown): Promise<void>;
}

interface Waiting {
  job: AppendJob<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Messages of one conversation stored by one `appendMessages` call at most. */
export const MAX_APPEND_BATCH = 100;

/** Messages of several conversations sharing one end-of-turn call at most. */
export const MAX_TURN_BATCH = 1000;

interface TurnPart {
  messages: NewMessage[];
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

export class MessageAppender {
  /** Sends waiting for their conversation's next commit; an entry means a flush is queued. */
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly batches: boolean;
  /** Conversations' batches share an end-of-turn call (single-writer storage with batchAppend). */
  private readonly sharesTurns: boolean;
  private turn: TurnPart[] | undefined;
  private turnSize = 0;

  constructor(
    private readonly queue: KeyedQueue,
    private readonly storage: Storage,
  ) {
    this.batches = storage.capabilities.batchAppend;
    this.sharesTurns = this.batches && !storage.capabilities.multiProcess;
  }

  /** Store `job.message` with the next commit of `conversation`; resolves with `job.committed`'s value. */
  append<T>(conversation: string, job: AppendJob<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = { job, resolve: resolve as (value: unknown) => void, reject };
      const list = this.waiting.get(conversation);
      if (list !== undefined) {
        list.push(entry);
        return;
      }
      this.waiting.set(conversation, [entry]);
      void this.queue.run(conversation, () => this.flush(conversation));
    });
  }

  /** Conversations with sends waiting (for tests). */
  get size(): number {
    return this.waiting.size;
  }

  private async flush(conversation: string): Promise<void> {
    const list = this.waiting.get(conversation);
    if (list === undefined) return;
    const batch = list.splice(0, this.batches ? MAX_APPEND_BATCH : 1);
    // The rest (and whatever joins them) go with the next commit, queued behind this one.
    if (list.length === 0) this.waiting.delete(conversation);
    else void this.queue.run(conversation, () => this.flush(conversation));
    if (batch.length === 1 && !this.sharesTurns) {
      await this.storeAlone(batch[0]!);
      return;
    }
    let results: AppendResult[];
    try {
      const messages = batch.map((w) => w.job.message);
      results = this.sharesTurns
        ? await this.commitInTurn(messages)
        : await this.storage.appendMessages(messages);
    } catch (error) {
      if (error instanceof LairError && error.code === "storage_unavailable") {
        for (const w of batch) await this.fail(w, error);
        return;
      }
      for (const w of batch) await this.storeAlone(w);
      return;
    }
    for (const [i, w] of batch.entries()) await this.finish(w, results[i]!);
  }

  /** Commit `messages` together with the other conversations' batches of this turn. */
  private commitInTurn(messages: NewMessage[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      if (this.turn === undefined || this.turnSize + messages.length > MAX_TURN_BATCH) {
        const parts: TurnPart[] = [];
        this.turn = parts;
        this.turnSize = 0;
        setImmediate(() => {
          if (this.turn === parts) this.turn = undefined;
          void this.commitTurn(parts);
        });
      }
      this.turn.push({ messages, resolve, reject });
      this.turnSize += messages.length;
    });
  }

  private async commitTurn(parts: TurnPart[]): Promise<void> {
    if (parts.length === 1) {
      const [part] = parts as [TurnPart];
      await this.storage.appendMessages(part.messages).then(part.resolve, part.reject);
      return;
    }
    let results: AppendResult[];
    try {
      results = await this.storage.appendMessages(parts.flatMap((p) => p.messages));
    } catch {
      // One conversation's bad message must not fail the others: each commits on its own.
      for (const p of parts) await this.storage.appendMessages(p.messages).then(p.resolve, p.reject);
      return;
    }
    let at = 0;
    for (const p of parts) {
      p.resolve(results.slice(at, at + p.messages.length));
      at += p.messages.length;
    }
  }

  private async storeAlone(w: Waiting): Promise<void> {
    let result: AppendResult;
    try {
      result = await this.storage.appendMessage(w.job.message);
    } catch (error) {
      await this.fail(w, error);
      return;
    }
    await this.finish(w, result);
  }

  private async finish(w: Waiting, result: AppendResult): Promise<void> {
    try {
      w.resolve(await w.job.committed(result));
    } catch (error) {
      w.reject(error);
    }
  }

  private async fail(w: Waiting, error: unknown): Promise<void> {
    await w.job.failed(error).catch(() => {});
    w.reject(error);
  }
}
