/**
 * Bookkeeping of one load step: every delivery (receiver, sender, seq) is checked against what
 * that receiver saw before from that sender — new, duplicate or out of order — and, inside the
 * measuring window, its end-to-end latency is kept. Loss is what each sender's room should have
 * received and did not, counted after the drain.
 */
import { type LatencySummary, SampleBuffer, summarize } from "../lib/stats.ts";
import { parsePayload } from "./payload.ts";

export interface SenderTotals {
  sent: number;
  /** Deliveries expected: messages sent × members of the sender's room. */
  expected: number;
  received: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

export interface StepOutcome {
  latencyMs: LatencySummary;
  /** Unique deliveries received inside the window. */
  windowDeliveries: number;
  windowSeconds: number;
  totals: SenderTotals;
  /** Senders that lost, duplicated or reordered anything. */
  sendersWithLoss: number;
  sendersWithDuplicates: number;
  sendersOutOfOrder: number;
  /** Send errors by code (error responses, socket errors). */
  errors: Record<string, number>;
}

interface PairState {
  max: number;
  seen: Uint8Array;
}

export class DeliveryRecorder {
  private readonly pairs = new Map<number, PairState>();
  private readonly sent: Int32Array;
  private readonly received: Int32Array;
  private readonly duplicated: Int32Array;
  private readonly outOfOrder: Int32Array;
  private readonly latencies = new SampleBuffer();
  private readonly errors: Record<string, number> = {};
  private windowStart = Number.POSITIVE_INFINITY;
  private windowEnd = Number.POSITIVE_INFINITY;
  private windowDeliveries = 0;
  /** Time of the last delivery, so the runner can tell when traffic has drained. */
  lastDeliveryAt = 0;
  deliveries = 0;

  /**
   * @param step tag carried in this step's payloads
   * @param roomSizeOfSender members of each sender slot's room (deliveries per message)
   * @param maxSeq the most messages one sender may send in this step
   */
  constructor(
    readonly step: number,
    private readonly roomSizeOfSender: Int32Array,
    private readonly maxSeq: number,
  ) {
    const n = roomSizeOfSender.length;
    this.sent = new Int32Array(n);
    this.received = new Int32Array(n);
    this.duplicated = new Int32Array(n);
    this.outOfOrder = new Int32Array(n);
  }

  /** Sender slot `sender` sent its next message; returns its seq (1-based). */
  nextSeq(sender: number): number {
    return ++this.sent[sender]!;
  }

  startWindow(at: number): void {
    this.windowStart = at;
    this.windowEnd = Number.POSITIVE_INFINITY;
  }

  endWindow(at: number): void {
    this.windowEnd = at;
  }

  onError(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  onPayload(receiver: number, payload: string): void {
    const now = performance.now();
    const p = parsePayload(payload);
    if (p?.step !== this.step) {
      this.onError(p ? "late_from_earlier_step" : "bad_payload");
      return;
    }
    if (p.sender >= this.sent.length || p.seq < 1 || p.seq > this.maxSeq) {
      this.onError("bad_payload");
      return;
    }
    const key = receiver * this.sent.length + p.sender;
    let pair = this.pairs.get(key);
    if (!pair) {
      pair = { max: 0, seen: new Uint8Array(this.maxSeq + 1) };
      this.pairs.set(key, pair);
    }
    if (pair.seen[p.seq]) {
      this.duplicated[p.sender]!++;
      return;
    }
    pair.seen[p.seq] = 1;
    if (p.seq < pair.max) this.outOfOrder[p.sender]!++;
    else pair.max = p.seq;
    this.received[p.sender]!++;
    this.deliveries++;
    this.lastDeliveryAt = now;
    if (now >= this.windowStart && now < this.windowEnd) this.windowDeliveries++;
    if (p.sentAt >= this.windowStart && p.sentAt < this.windowEnd) this.latencies.push(now - p.sentAt);
  }

  /** Everything sent so far, and what should have arrived. */
  expected(): number {
    let total = 0;
    for (let s = 0; s < this.sent.length; s++) total += this.sent[s]! * this.roomSizeOfSender[s]!;
    return total;
  }

  outcome(): StepOutcome {
    const totals: SenderTotals = { sent: 0, expected: 0, received: 0, lost: 0, duplicated: 0, outOfOrder: 0 };
    let sendersWithLoss = 0;
    let sendersWithDuplicates = 0;
    let sendersOutOfOrder = 0;
    for (let s = 0; s < this.sent.length; s++) {
      const expected = this.sent[s]! * this.roomSizeOfSender[s]!;
      const lost = Math.max(0, expected - this.received[s]!);
      totals.sent += this.sent[s]!;
      totals.expected += expected;
      totals.received += this.received[s]!;
      totals.lost += lost;
      totals.duplicated += this.duplicated[s]!;
      totals.outOfOrder += this.outOfOrder[s]!;
      if (lost > 0) sendersWithLoss++;
      if (this.duplicated[s]! > 0) sendersWithDuplicates++;
      if (this.outOfOrder[s]! > 0) sendersOutOfOrder++;
    }
    const windowSeconds = (this.windowEnd - this.windowStart) / 1000;
    return {
      latencyMs: summarize(this.latencies.values()),
      windowDeliveries: this.windowDeliveries,
      windowSeconds,
      totals,
      sendersWithLoss,
      sendersWithDuplicates,
      sendersOutOfOrder,
      errors: { ...this.errors },
    };
  }
}
