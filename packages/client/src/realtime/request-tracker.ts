/**
 * Pairs real-time requests with their `<type>_response` (or an `error` frame) by `request_id`,
 * and fails them with `timeout` when no answer comes, or with `connection_closed` when the
 * connection they were sent on goes away.
 */
import { fromWireError, LairError } from "@lair-chat/protocol";

interface Waiter {
  type: string;
  resolve: (frame: Record<string, unknown>) => void;
  reject: (error: LairError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class RequestTracker {
  readonly #waiters = new Map<string, Waiter>();

  /** Requests still waiting. */
  get size(): number {
    return this.#waiters.size;
  }

  /**
   * Wait for the answer to request `requestId` of `type`. Resolves with the response frame when
   * `success` is true; rejects with the rebuilt LairError otherwise.
   */
  wait(requestId: string, type: string, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.#waiters.has(requestId)) throw new RangeError(`requestId ${requestId} is already waiting`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(requestId);
        reject(new LairError("timeout", { message: `No answer to ${type} within ${timeoutMs} ms` }));
      }, timeoutMs);
      this.#waiters.set(requestId, { type, resolve, reject, timer });
    });
  }

  /**
   * Offer an incoming frame; returns true when it answered a waiting request. A response is
   * `<type>_response` with the request's id; an `error` frame with the id also answers it.
   */
  settle(frame: Record<string, unknown>): boolean {
    const requestId = frame.request_id;
    if (typeof requestId !== "string") return false;
    const waiter = this.#waiters.get(requestId);
    if (!waiter) return false;
    const type = frame.type;
    if (type !== `${waiter.type}_response` && type !== "error") return false;
    this.#waiters.delete(requestId);
    clearTimeout(waiter.timer);
    if (type === "error") waiter.reject(errorFrom(frame));
    else if (frame.success === false) waiter.reject(errorFrom(frame.error));
    else waiter.resolve(frame);
    return true;
  }

  /** Fail one waiting request (its answer arrived but could not be read). */
  fail(requestId: string, error: LairError): boolean {
    const waiter = this.#waiters.get(requestId);
    if (!waiter) return false;
    this.#waiters.delete(requestId);
    clearTimeout(waiter.timer);
    waiter.reject(error);
    return true;
  }

  /** Fail every waiting request (the connection is gone). */
  rejectAll(error: LairError): void {
    const waiters = [...this.#waiters.values()];
    this.#waiters.clear();
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }
}

/** Rebuild a LairError from `{code, message, details?}` (also tolerating a malformed one). */
export function errorFrom(value: unknown): LairError {
  if (typeof value === "object" && value !== null) {
    const { code, message, details } = value as Record<string, unknown>;
    if (typeof code === "string") {
      return fromWire(code, typeof message === "string" ? message : code, details);
    }
  }
  return new LairError("invalid_message", { message: "Peer sent an error without a code" });
}

function fromWire(code: string, message: string, details: unknown): LairError {
  return fromWireError({
    code,
    message,
    ...(typeof details === "object" && details !== null
      ? { details: details as Record<string, unknown> }
      : {}),
  });
}
