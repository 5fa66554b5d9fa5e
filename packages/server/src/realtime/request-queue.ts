/**
 * A connection's requests run one at a time, in arrival order (a send must not overtake the
 * join before it). A handler that finishes synchronously never queues; frames arriving while
 * one is async wait here, up to a cap, so a client cannot pile up unbounded work.
 */

export interface RequestQueueOptions {
  /** Frames that may wait behind the running one. */
  maxPending: number;
  /** Handle one frame. */
  handle(text: string): void | Promise<void>;
  /** A handler threw or rejected (a bug: handlers turn every expected failure into a reply). */
  onError(error: unknown): void;
  /** A frame arrived with the queue full. */
  onOverflow(text: string): void;
  /** False once the connection is closing: waiting frames are dropped. */
  isOpen(): boolean;
}

export class RequestQueue {
  readonly #options: RequestQueueOptions;
  #pending: string[] = [];
  #busy = false;

  constructor(options: RequestQueueOptions) {
    this.#options = options;
  }

  push(text: string): void {
    if (!this.#busy) this.run(() => this.#options.handle(text));
    else if (this.#pending.length >= this.#options.maxPending) this.#options.onOverflow(text);
    else this.#pending.push(text);
  }

  /** Run `task` in turn (also used for work that is not a frame, e.g. pre-authentication). */
  run(task: () => void | Promise<void>): void {
    let result: void | Promise<void>;
    try {
      result = task();
    } catch (error) {
      this.#options.onError(error);
      return;
    }
    if (!(result instanceof Promise)) return;
    this.#busy = true;
    result
      .catch((error: unknown) => this.#options.onError(error))
      .finally(() => {
        this.#busy = false;
        while (!this.#busy && this.#pending.length > 0 && this.#options.isOpen()) {
          const next = this.#pending.shift()!;
          this.run(() => this.#options.handle(next));
        }
      });
  }

  clear(): void {
    this.#pending = [];
  }
}
