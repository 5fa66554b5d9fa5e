/**
 * Rate limits shared by every node: the same fixed windows as the server's in-memory limiter
 * (a window opens at the first call after the previous one ended), counted by one Lua script
 * so concurrent calls from many nodes never over-admit. Time is Redis's clock, so nodes with
 * skewed clocks agree on when a window ends.
 */
import type { RateDecision, RateLimiter, RateRule } from "@lair-chat/server";
import { LuaScript } from "./lua-script.ts";
import {
  checkKeyPrefix,
  type RedisClientLike,
  type RedisSource,
  resolveConnection,
} from "./redis-connection.ts";

export interface RedisRateLimiterOptions extends RedisSource {
  /** Prefix of every counter key (`<keyPrefix>rl:<windowMs>:<key>`). @default "lair:" */
  keyPrefix?: string;
  /**
   * When Redis cannot be reached: `false` lets `consume` reject (the call fails with an internal
   * error), `true` allows the call (limits lapse while Redis is away).
   * @default false
   */
  failOpen?: boolean;
}

// Returns {allowed, count, windowStart, redisNow}.
const FIXED_WINDOW = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local start = tonumber(redis.call('HGET', KEYS[1], 's'))
local count = 0
if start == nil or now - start >= window then
  start = now
  redis.call('HSET', KEYS[1], 's', start, 'c', 0)
  redis.call('PEXPIRE', KEYS[1], window)
else
  count = tonumber(redis.call('HGET', KEYS[1], 'c')) or 0
end
if count >= limit then
  return {0, count, start, now}
end
count = redis.call('HINCRBY', KEYS[1], 'c', 1)
return {1, count, start, now}
`);

const WHO = "createRedisRateLimiter";

export class RedisRateLimiter implements RateLimiter {
  private readonly client: RedisClientLike;
  private readonly owned: boolean;
  private readonly prefix: string;
  private readonly failOpen: boolean;

  constructor(options: RedisRateLimiterOptions = {}) {
    this.prefix = `${checkKeyPrefix(options.keyPrefix ?? "lair:", WHO)}rl:`;
    this.failOpen = options.failOpen ?? false;
    const { client, owned } = resolveConnection(options, WHO);
    this.client = client;
    this.owned = owned;
    if (owned) client.on("error", () => {});
  }

  async consume(key: string, rule: RateRule): Promise<RateDecision> {
    if (typeof key !== "string") throw new TypeError("consume: key must be a string");
    if (!Number.isSafeInteger(rule?.limit) || rule.limit <= 0)
      throw new RangeError("consume: rule.limit must be a positive integer");
    if (!Number.isSafeInteger(rule.windowMs) || rule.windowMs <= 0) {
      throw new RangeError("consume: rule.windowMs must be a positive integer");
    }
    let reply: unknown;
    try {
      reply = await FIXED_WINDOW.run(
        this.client,
        [`${this.prefix}${rule.windowMs}:${key}`],
        [rule.limit, rule.windowMs],
      );
    } catch (error) {
      if (!this.failOpen) throw error;
      const now = Date.now();
      return {
        allowed: true,
        limit: rule.limit,
        remaining: rule.limit - 1,
        resetAt: now + rule.windowMs,
        retryAfterMs: 0,
      };
    }
    const [allowed, count, start, redisNow] = (reply as number[]).map(Number) as [
      number,
      number,
      number,
      number,
    ];
    const leftMs = start + rule.windowMs - redisNow;
    // Reported on this node's clock, which is what X-RateLimit-Reset readers compare against.
    const resetAt = Date.now() + leftMs;
    if (allowed !== 1) {
      return { allowed: false, limit: rule.limit, remaining: 0, resetAt, retryAfterMs: Math.max(1, leftMs) };
    }
    return { allowed: true, limit: rule.limit, remaining: rule.limit - count, resetAt, retryAfterMs: 0 };
  }

  /** Close the connection if this limiter created it (from `url`). Idempotent. */
  async close(): Promise<void> {
    if (this.owned && this.client.status !== "end") this.client.disconnect();
  }
}

/** Cluster-wide rate limits: pass it as the server's `rateLimiter` on every node. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions = {}): RedisRateLimiter {
  return new RedisRateLimiter(options);
}
