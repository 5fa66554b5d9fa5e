/**
 * One conversation's messages and log in the memory adapter. Both arrays only ever grow at
 * the end with increasing seqs, so they stay sorted and seq bounds are binary searches.
 */
import type { LogOperation, MessageRecord } from "@lair-chat/server";

export interface LogStep {
  seq: number;
  op: LogOperation;
  messageId: string;
  at: number;
}

export class ConversationLog {
  lastSeq = 0;
  /** Messages in creation-seq order, tombstones included. */
  readonly messages: MessageRecord[] = [];
  readonly steps: LogStep[] = [];

  /** Take the next seq for a step on `messageId`. */
  record(op: LogOperation, messageId: string, at: number): number {
    const seq = ++this.lastSeq;
    this.steps.push({ seq, op, messageId, at });
    return seq;
  }
}

/** Index of the first element whose `seq` is greater than `seq`. */
export function indexAfter(rows: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
