/**
 * Rate limiting: an interface so that several nodes can share counters (a Redis limiter
 * arrives with @lair-chat/bus-redis), and the in-memory fixed-window limiter used by default.
 */
import type { RateRule } from "../options/server-options.ts";

/** The outcome of one `consume`. */
export interface RateDecision {
  allowed: boolean;
  /** The rule's limit. */
  limit: number;
  /** Calls left in the current window (0 when refused). */
  remaining: number;
  /** When the current window ends, epoch ms. */
  resetAt: number;
  /** Milliseconds until a refused call may be retried (0 when allowed). */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Count one call against `key` under `rule` and say whether it is allowed. */
  consume(key: string, rule: RateRule): Promise<RateDecision>;
}

interface Window {
  start: number;
  count: number;
  windowMs: number;
}

/** Fixed windows per key in memory (Lair's scheme). Stale windows are swept as calls come in. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();
  private calls = 0;
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  async consume(key: string, rule: RateRule): Promise<RateDecision> {
    const now = this.now();
    if (++this.calls % 1000 === 0) this.sweep(now);
    const mapKey = `${rule.windowMs}:${key}`;
    let w = this.windows.get(mapKey);
    if (!w || now - w.start >= w.windowMs) {
      w = { start: now, count: 0, windowMs: rule.windowMs };
      this.windows.set(mapKey, w);
    }
    const resetAt = w.start + w.windowMs;
    if (w.count >= rule.limit) {
      return {
        allowed: false,
        limit: rule.limit,
        remaining: 0,
        resetAt,
        retryAfterMs: Math.max(1, resetAt - now),
      };
    }
    w.count++;
    return { allowed: true, limit: rule.limit, remaining: rule.limit - w.count, resetAt, retryAfterMs: 0 };
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= w.windowMs) this.windows.delete(k);
  }
}

/** The default limiter of a server instance. */
export function createMemoryRateLimiter(options: { now?: () => number } = {}): RateLimiter {
  return new MemoryRateLimiter(options);
}
