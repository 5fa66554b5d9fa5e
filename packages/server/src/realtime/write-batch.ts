/**
 * Write coalescing: the first frame a connection writes in an event-loop turn corks its socket,
 * and one `setImmediate` uncorks every socket corked in that turn. Everything a socket was given
 * meanwhile (an event fan-out, replies, several messages that arrived in the same turn) leaves in
 * one `writev` instead of one system call per frame. Nothing waits for a timer: the flush runs in
 * the check phase of the same turn, so an idle server adds no latency and a busy one sends
 * fewer, larger writes.
 */

/** One connection's side of the batch. */
export interface BatchedWriter {
  /** Hold this socket's writes until `flushWrites` (called once per turn). */
  corkWrites(): void;
  /** Release what was held, then check the connection's outbound queue. */
  flushWrites(): void;
}

export class WriteBatch {
  #pending: BatchedWriter[] = [];
  #scheduled = false;
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Cork `writer` for the rest of this turn; the caller makes sure it joins once per turn. */
  join(writer: BatchedWriter): void {
    writer.corkWrites();
    this.#pending.push(writer);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
  }

  /** Flush now (the server is closing, or a test wants the bytes out). */
  flush(): void {
    this.#flush();
  }

  #flush = (): void => {
    this.#scheduled = false;
    const pending = this.#pending;
    if (pending.length === 0) return;
    this.#pending = [];
    for (const writer of pending) {
      try {
        writer.flushWrites();
      } catch (error) {
        this.#onError(error);
      }
    }
  };
}
