/**
 * The chat payload the generator sends: `B|<step>|<sender slot>|<seq>|<send time ms>|` padded with
 * `x` to a fixed length, plain ASCII so no driver or server has to escape it. The send time is
 * `performance.now()` of the generator, the process every receiver lives in.
 */

export const PAYLOAD_LENGTH = 100;
const PADDING = "x".repeat(PAYLOAD_LENGTH);

export function makePayload(step: number, sender: number, seq: number, sentAt: number): string {
  const head = `B|${step}|${sender}|${seq}|${sentAt.toFixed(3)}|`;
  return head + PADDING.slice(head.length);
}

export interface ParsedPayload {
  /** Which load step sent it (a late delivery from an earlier step is told apart). */
  step: number;
  sender: number;
  seq: number;
  sentAt: number;
}

/** Parse a payload; null when it is not one of ours. */
export function parsePayload(payload: string): ParsedPayload | null {
  const a = payload.indexOf("|", 2);
  const b = payload.indexOf("|", a + 1);
  const c = payload.indexOf("|", b + 1);
  const d = payload.indexOf("|", c + 1);
  if (a < 0 || b < 0 || c < 0 || d < 0) return null;
  const step = Number(payload.slice(2, a));
  const sender = Number(payload.slice(a + 1, b));
  const seq = Number(payload.slice(b + 1, c));
  const sentAt = Number(payload.slice(c + 1, d));
  return Number.isInteger(step) &&
    Number.isInteger(sender) &&
    Number.isInteger(seq) &&
    Number.isFinite(sentAt)
    ? { step, sender, seq, sentAt }
    : null;
}
