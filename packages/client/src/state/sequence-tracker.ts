/**
 * The last `seq` seen per conversation (extension `seq`), which is what `resume` asks from, and
 * gap detection: every create, edit and delete takes the next number of its conversation, so a
 * jump means something was missed.
 */

/** What one observed seq means. */
export type SeqObservation =
  | { kind: "next" }
  | { kind: "old" }
  | { kind: "gap"; from: number; to: number }
  | { kind: "first" };

export class SequenceTracker {
  readonly #last = new Map<string, number>();
  /** Conversations with a known hole not yet filled → the seq to resume after. */
  readonly #holes = new Map<string, number>();

  /** Last seq seen in a conversation, if any. */
  get(conversation: string): number | undefined {
    return this.#last.get(conversation);
  }

  /** Every conversation with the seq to resume after: the last seen, or just before an unfilled hole. */
  snapshot(): Record<string, number> {
    const since = Object.fromEntries(this.#last);
    for (const [conversation, afterSeq] of this.#holes) {
      since[conversation] = Math.min(since[conversation] ?? afterSeq, afterSeq);
    }
    return since;
  }

  /** Remember that everything after `afterSeq` may be missing until `fillHole`. */
  markHole(conversation: string, afterSeq: number): void {
    const known = this.#holes.get(conversation);
    this.#holes.set(conversation, known === undefined ? afterSeq : Math.min(known, afterSeq));
  }

  /** Everything after `afterSeq` is now present. */
  fillHole(conversation: string, afterSeq: number): void {
    const known = this.#holes.get(conversation);
    if (known !== undefined && known >= afterSeq) this.#holes.delete(conversation);
  }

  /** Record a seq from a live event; reports whether it continues, repeats or skips ahead. */
  observe(conversation: string, seq: number): SeqObservation {
    const last = this.#last.get(conversation);
    if (last === undefined) {
      this.#last.set(conversation, seq);
      return { kind: "first" };
    }
    if (seq <= last) return { kind: "old" };
    this.#last.set(conversation, seq);
    if (seq === last + 1) return { kind: "next" };
    return { kind: "gap", from: last + 1, to: seq - 1 };
  }

  /** Raise the mark without gap checks (after a backfill or a resume report). */
  advance(conversation: string, seq: number): void {
    const last = this.#last.get(conversation);
    if (last === undefined || seq > last) this.#last.set(conversation, seq);
  }

  forget(conversation: string): void {
    this.#last.delete(conversation);
    this.#holes.delete(conversation);
  }
}
