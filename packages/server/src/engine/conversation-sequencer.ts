/**
 * Puts the events of each conversation back into seq order on the receiving node. Events
 * committed on different nodes travel on different bus connections, so a node can see seq 7
 * before seq 6; the sequencer holds 7 until 6 arrives, and when 6 does not come within
 * `holdMs` (or the bus says it lost messages) it reads the hole from storage, so every local
 * connection sees each step once and in order.
 *
 * Memory stays bounded: a conversation is tracked only while its events have an audience on
 * this node, at most `maxConversations` are tracked (least recently used forgotten first), and
 * more than `maxHeld` events held for one conversation trigger an immediate backfill.
 *
 * A conversation is tracked from the first event this node routes for it. In a cluster, that
 * first event (unless it is seq 1) waits `holdMs` for earlier ones another node published at
 * about the same time, and delivery starts at the lowest seq that arrived; anything older that
 * turns up later is dropped (a client that connected meanwhile catches up with `resume`).
 */
import type { LairEvent } from "./lair-event.ts";

/** An event and the users (ids) it is for. */
export interface Delivery {
  event: LairEvent;
  users: readonly string[];
}

/** A log step read back from storage, as the event it stands for. */
export interface BackfilledDelivery extends Delivery {
  seq: number;
}

export interface ConversationSequencerOptions {
  /** How long an event waits for a missing predecessor before storage fills the hole. @default 250 */
  holdMs?: number;
  /** Events held per conversation before the hole is filled at once. @default 1000 */
  maxHeld?: number;
  /** Conversations tracked at once; the least recently used is forgotten beyond it. @default 10_000 */
  maxConversations?: number;
  /** Hand an event to this node's connections of `users`. */
  deliver(event: LairEvent, users: readonly string[]): void;
  /** Whether any of these users has a connection on this node. */
  hasLocalAudience(users: readonly string[]): boolean;
  /**
   * Whether other nodes may publish this conversation's events (a cluster): then the first
   * event seen of a conversation, when it is not its seq 1, waits `holdMs` for earlier ones
   * still in flight before it sets where delivery starts. @default () => false
   */
  clustered?(): boolean;
  /** The conversation's log after `afterSeq`, at most `limit` steps, in seq order. */
  backfill(conversation: string, afterSeq: number, limit: number): Promise<BackfilledDelivery[]>;
  /** Backfill failures (the hole is retried after `holdMs`). @default ignore */
  onError?(error: unknown, conversation: string): void;
}

interface ConversationState {
  /** Seq of the last step delivered here. */
  last: number;
  held: Map<number, Delivery>;
  timer: ReturnType<typeof setTimeout> | undefined;
  filling: Promise<void> | undefined;
  /** First sight: collecting arrivals to learn where this node's delivery starts. */
  settling: boolean;
}

const BACKFILL_PAGE = 200;
/** A backfill reads at most this many pages before handing control back (it resumes on the next hole). */
const BACKFILL_MAX_PAGES = 50;

export class ConversationSequencer {
  private readonly states = new Map<string, ConversationState>();
  private readonly holdMs: number;
  private readonly maxHeld: number;
  private readonly maxConversations: number;
  /** While the bus is not receiving, a missing predecessor will not come: fill at once. */
  private degraded = false;
  private closed = false;

  constructor(private readonly options: ConversationSequencerOptions) {
    this.holdMs = options.holdMs ?? 250;
    this.maxHeld = options.maxHeld ?? 1000;
    this.maxConversations = options.maxConversations ?? 10_000;
    if (!Number.isFinite(this.holdMs) || this.holdMs < 0) throw new RangeError("holdMs must be >= 0");
    if (!Number.isInteger(this.maxHeld) || this.maxHeld < 1) throw new RangeError("maxHeld must be >= 1");
    if (!Number.isInteger(this.maxConversations) || this.maxConversations < 1)
      throw new RangeError("maxConversations must be >= 1");
  }

  /** Route one step of a conversation (from this node or another). */
  push(conversation: string, seq: number, event: LairEvent, users: readonly string[]): void {
    if (this.closed) return;
    let s = this.states.get(conversation);
    if (s === undefined) {
      if (!this.options.hasLocalAudience(users)) return;
      const settling = seq > 1 && this.options.clustered?.() === true;
      s = { last: seq - 1, held: new Map(), timer: undefined, filling: undefined, settling };
      this.track(conversation, s);
      if (settling) {
        s.held.set(seq, { event, users });
        s.timer = setTimeout(() => this.settle(conversation, s as ConversationState), this.holdMs);
        s.timer.unref?.();
        return;
      }
    } else {
      // Re-insert: Map order is the LRU order.
      this.states.delete(conversation);
      this.states.set(conversation, s);
      if (
        s.held.size === 0 &&
        s.filling === undefined &&
        !s.settling &&
        !this.options.hasLocalAudience(users)
      ) {
        this.forget(conversation, s);
        return;
      }
    }
    if (s.settling) {
      if (!s.held.has(seq)) s.held.set(seq, { event, users });
      return;
    }
    if (seq <= s.last || s.held.has(seq)) return;
    if (seq === s.last + 1) {
      this.deliver(s, seq, { event, users });
      this.drain(conversation, s);
      return;
    }
    s.held.set(seq, { event, users });
    if (s.filling !== undefined) return;
    if (this.degraded || s.held.size > this.maxHeld) void this.fill(conversation, s);
    else this.arm(conversation, s);
  }

  /**
   * The bus stopped delivering: holes from now on are filled without waiting, since the
   * missing events are lost rather than late.
   */
  subscriptionLost(): void {
    this.degraded = true;
    for (const [conversation, s] of this.states)
      if (s.held.size > 0 && !s.settling) void this.fill(conversation, s);
  }

  /** The bus delivers again: read every tracked conversation's log for what was missed. */
  async recover(): Promise<void> {
    this.degraded = false;
    await Promise.all(
      [...this.states]
        .filter(([, s]) => !s.settling)
        .map(([conversation, s]) => this.fill(conversation, s, true)),
    );
  }

  /** Conversations tracked (for tests and metrics). */
  get size(): number {
    return this.states.size;
  }

  /** Events held across all conversations. */
  get heldCount(): number {
    let n = 0;
    for (const s of this.states.values()) n += s.held.size;
    return n;
  }

  close(): void {
    this.closed = true;
    for (const s of this.states.values()) if (s.timer) clearTimeout(s.timer);
    this.states.clear();
  }

  /**
   * End of a first sight: an earlier step of another node that arrived meanwhile was committed
   * before this node started delivering, so delivery starts at the lowest seq seen.
   */
  private settle(conversation: string, s: ConversationState): void {
    s.timer = undefined;
    s.settling = false;
    if (this.states.get(conversation) !== s) return;
    s.last = Math.min(...s.held.keys()) - 1;
    this.drain(conversation, s);
  }

  private track(conversation: string, s: ConversationState): void {
    this.states.set(conversation, s);
    if (this.states.size <= this.maxConversations) return;
    // Prefer forgetting an idle conversation; any will do when all are busy.
    let victim: [string, ConversationState] | undefined;
    for (const entry of this.states) {
      if (entry[0] === conversation) continue;
      victim ??= entry;
      if (entry[1].held.size === 0 && entry[1].filling === undefined) {
        victim = entry;
        break;
      }
    }
    if (victim) this.forget(victim[0], victim[1]);
  }

  private forget(conversation: string, s: ConversationState): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    if (this.states.get(conversation) === s) this.states.delete(conversation);
  }

  private deliver(s: ConversationState, seq: number, d: Delivery): void {
    s.last = seq;
    this.options.deliver(d.event, d.users);
  }

  /** Deliver held successors; re-arm or disarm the hole timer. */
  private drain(conversation: string, s: ConversationState): void {
    this.drainHeld(s);
    if (s.held.size === 0) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = undefined;
    } else if (s.filling === undefined) {
      if (this.degraded) void this.fill(conversation, s);
      else this.arm(conversation, s);
    }
  }

  private drainHeld(s: ConversationState): void {
    for (let d = s.held.get(s.last + 1); d !== undefined; d = s.held.get(s.last + 1)) {
      s.held.delete(s.last + 1);
      this.deliver(s, s.last + 1, d);
    }
  }

  /** Deliver, in order, held events below `seq` (storage has no step for the gaps before them). */
  private flushHeldBelow(s: ConversationState, seq: number): void {
    const below = [...s.held.keys()].filter((k) => k < seq).sort((a, b) => a - b);
    for (const k of below) {
      const d = s.held.get(k)!;
      s.held.delete(k);
      if (k > s.last) this.deliver(s, k, d);
    }
  }

  private arm(conversation: string, s: ConversationState): void {
    if (s.timer !== undefined || this.closed) return;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      void this.fill(conversation, s);
    }, this.holdMs);
    s.timer.unref?.();
  }

  /** Read the log after the last delivered seq and deliver it in order with what is held. */
  private fill(conversation: string, s: ConversationState, toEnd = false): Promise<void> {
    if (s.filling !== undefined) return s.filling;
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    const run = async () => {
      let seen = s.last;
      for (let page = 0; page < BACKFILL_MAX_PAGES; page++) {
        if (!toEnd && s.held.size === 0) return;
        const entries = await this.options.backfill(conversation, s.last, BACKFILL_PAGE);
        if (this.closed || this.states.get(conversation) !== s) return;
        for (const entry of entries) {
          seen = Math.max(seen, entry.seq);
          if (entry.seq <= s.last) continue;
          this.flushHeldBelow(s, entry.seq);
          // The bus copy when there is one: the same event id as on every other node.
          const held = s.held.get(entry.seq);
          s.held.delete(entry.seq);
          this.deliver(s, entry.seq, held ?? entry);
        }
        this.drainHeld(s);
        if (entries.length < BACKFILL_PAGE) break;
      }
      // Held events storage already had (when it skipped a seq): nothing more will come before them.
      this.flushHeldBelow(s, seen + 1);
      this.drainHeld(s);
    };
    const filling = run().then(
      () => {
        s.filling = undefined;
        // Events that arrived ahead of a seq still in flight: wait for it again.
        if (s.held.size > 0 && this.states.get(conversation) === s) this.arm(conversation, s);
      },
      (error: unknown) => {
        s.filling = undefined;
        this.options.onError?.(error, conversation);
        if (s.held.size > 0) this.arm(conversation, s);
      },
    );
    s.filling = filling;
    return filling;
  }
}
