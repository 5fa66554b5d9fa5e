/**
 * When to try the next connection: exponential backoff with jitter, a retry count that resets
 * only after a connection has stayed up for `minUptime`, and a cap on attempts. The option set
 * follows partysocket's.
 */

export interface ReconnectOptions {
  /** Delay before the first retry, in ms. @default 500 */
  minDelay?: number;
  /** Longest delay between retries, in ms. @default 30000 */
  maxDelay?: number;
  /** Each consecutive failure multiplies the delay by this. @default 2 */
  growthFactor?: number;
  /**
   * Fraction of each delay that is randomised (0 = exact delays, 1 = anywhere from 0 to the
   * delay), so that many clients dropped at once do not return at once. @default 0.5
   */
  jitter?: number;
  /** A connection must stay up this long (ms) before the retry count goes back to 0. @default 5000 */
  minUptime?: number;
  /** Give up on one connection attempt (socket, handshake and authentication) after this many ms. @default 10000 */
  connectTimeout?: number;
  /** Consecutive failed attempts before giving up (the client then stays disconnected). @default Infinity */
  maxRetries?: number;
}

export type ResolvedReconnectOptions = Required<ReconnectOptions>;

export const RECONNECT_DEFAULTS: ResolvedReconnectOptions = {
  minDelay: 500,
  maxDelay: 30_000,
  growthFactor: 2,
  jitter: 0.5,
  minUptime: 5_000,
  connectTimeout: 10_000,
  maxRetries: Number.POSITIVE_INFINITY,
};

/** Fill in defaults and reject nonsense, naming the option. */
export function resolveReconnectOptions(options: ReconnectOptions = {}): ResolvedReconnectOptions {
  const resolved = { ...RECONNECT_DEFAULTS };
  for (const [key, value] of Object.entries(options) as [keyof ReconnectOptions, unknown][]) {
    if (value === undefined) continue;
    if (!(key in RECONNECT_DEFAULTS)) throw new TypeError(`reconnect.${key} is not an option`);
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
      throw new RangeError(`reconnect.${key} must be a non-negative number`);
    }
    resolved[key] = value;
  }
  if (resolved.jitter > 1) throw new RangeError("reconnect.jitter must be between 0 and 1");
  if (resolved.growthFactor < 1) throw new RangeError("reconnect.growthFactor must be at least 1");
  if (resolved.maxDelay < resolved.minDelay) throw new RangeError("reconnect.maxDelay must be >= minDelay");
  if (resolved.connectTimeout === 0) throw new RangeError("reconnect.connectTimeout must be positive");
  return resolved;
}

/**
 * Tracks consecutive failures and hands out delays. The owner reports `connected()` when a
 * connection is fully up and `disconnected()` when it drops; the count resets only when the
 * connection lasted `minUptime`, so a server that accepts and immediately drops us still backs off.
 */
export class ReconnectPolicy {
  readonly options: ResolvedReconnectOptions;
  #attempts = 0;
  #connectedAt: number | undefined;
  readonly #now: () => number;
  readonly #random: () => number;

  constructor(options: ReconnectOptions = {}, clock: { now?: () => number; random?: () => number } = {}) {
    this.options = resolveReconnectOptions(options);
    this.#now = clock.now ?? Date.now;
    this.#random = clock.random ?? Math.random;
  }

  /** Consecutive failed attempts since the last stable connection. */
  get attempts(): number {
    return this.#attempts;
  }

  /** False once `maxRetries` consecutive attempts have failed. */
  get canRetry(): boolean {
    return this.#attempts < this.options.maxRetries;
  }

  /** The delay before the next attempt, in ms; counts the attempt. */
  nextDelay(): number {
    const { minDelay, maxDelay, growthFactor, jitter } = this.options;
    const base = Math.min(maxDelay, minDelay * growthFactor ** this.#attempts);
    this.#attempts += 1;
    // Jitter only shortens the delay, so maxDelay stays a real upper bound.
    return Math.round(base * (1 - jitter * this.#random()));
  }

  connected(): void {
    this.#connectedAt = this.#now();
  }

  disconnected(): void {
    if (this.#connectedAt !== undefined && this.#now() - this.#connectedAt >= this.options.minUptime) {
      this.#attempts = 0;
    }
    this.#connectedAt = undefined;
  }

  /** Forget all failures (e.g. after the user calls `connect()` again). */
  reset(): void {
    this.#attempts = 0;
    this.#connectedAt = undefined;
  }
}
