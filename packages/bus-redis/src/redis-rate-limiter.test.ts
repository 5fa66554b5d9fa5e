import { randomBytes } from "node:crypto";
import { createMemoryRateLimiter, type RateDecision } from "@lair-chat/server";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { deleteKeys, freshKeyPrefix, redisTarget } from "../test-support/redis-test-env.ts";
import { LuaScript } from "./lua-script.ts";
import type { RedisClientLike } from "./redis-connection.ts";
import { createRedisRateLimiter } from "./redis-rate-limiter.ts";

const target = await redisTarget();
const url = target.ok ? target.url : "";
const keyPrefix = freshKeyPrefix();

const shape = (d: RateDecision) => ({
  allowed: d.allowed,
  limit: d.limit,
  remaining: d.remaining,
  refusedWithRetry: d.retryAfterMs > 0,
});

describe.skipIf(!target.ok)("createRedisRateLimiter", () => {
  const limiters: Array<{ close(): Promise<void> }> = [];
  const limiter = (options: { keyPrefix?: string; failOpen?: boolean } = {}) => {
    const l = createRedisRateLimiter({ url, keyPrefix, ...options });
    limiters.push(l);
    return l;
  };

  afterAll(async () => {
    await Promise.all(limiters.map((l) => l.close()));
    await deleteKeys(url, keyPrefix);
  });

  it("gives the same decisions and header numbers as the in-memory limiter", async () => {
    const rule = { limit: 3, windowMs: 60_000 };
    const redis = limiter();
    const memory = createMemoryRateLimiter();
    const fromRedis: RateDecision[] = [];
    const fromMemory: RateDecision[] = [];
    for (let i = 0; i < 5; i++) {
      const before = Date.now();
      fromRedis.push(await redis.consume("same", rule));
      fromMemory.push(await memory.consume("same", rule));
      for (const d of [fromRedis.at(-1)!, fromMemory.at(-1)!]) {
        expect(d.resetAt).toBeGreaterThan(before);
        expect(d.resetAt).toBeLessThanOrEqual(Date.now() + rule.windowMs);
      }
    }
    expect(fromRedis.map(shape)).toEqual(fromMemory.map(shape));
    expect(fromRedis.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
      [false, 0],
    ]);
    const refused = fromRedis[3]!;
    expect(refused.retryAfterMs).toBeLessThanOrEqual(rule.windowMs);
  });

  it("opens a new window once the old one ends, and lets its key expire", async () => {
    const rule = { limit: 2, windowMs: 300 };
    const l = limiter();
    expect((await l.consume("w", rule)).remaining).toBe(1);
    const admin = new Redis(url);
    try {
      const ttl = await admin.pttl(`${keyPrefix}rl:300:w`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(300);
    } finally {
      admin.disconnect();
    }
    await l.consume("w", rule);
    const refused = await l.consume("w", rule);
    expect(refused.allowed).toBe(false);
    await new Promise((r) => setTimeout(r, refused.retryAfterMs + 30));
    const again = await l.consume("w", rule);
    expect(again).toMatchObject({ allowed: true, remaining: 1, retryAfterMs: 0 });
  });

  it("never over-admits when many nodes count the same key at once", async () => {
    const rule = { limit: 30, windowMs: 60_000 };
    const nodes = [limiter(), limiter(), limiter()];
    const decisions = await Promise.all(
      nodes.flatMap((l) => Array.from({ length: 25 }, () => l.consume("shared", rule))),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(30);
    const remaining = decisions.filter((d) => d.allowed).map((d) => d.remaining);
    expect(remaining.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it("keeps keys, windows and prefixes apart", async () => {
    const a = limiter();
    const other = limiter({ keyPrefix: `${keyPrefix}other:` });
    const rule = { limit: 1, windowMs: 60_000 };
    expect((await a.consume("k1", rule)).allowed).toBe(true);
    expect((await a.consume("k1", rule)).allowed).toBe(false);
    expect((await a.consume("k2", rule)).allowed).toBe(true);
    expect((await a.consume("k1", { limit: 1, windowMs: 30_000 })).allowed).toBe(true);
    expect((await other.consume("k1", rule)).allowed).toBe(true);
  });

  it("fails closed by default and open when asked, when Redis is unreachable", async () => {
    const dead = () =>
      new Redis("redis://127.0.0.1:1", {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      }).on("error", () => {});
    const closedClient = dead();
    const openClient = dead();
    try {
      const rule = { limit: 5, windowMs: 1000 };
      await expect(
        createRedisRateLimiter({ redis: closedClient as unknown as RedisClientLike }).consume("x", rule),
      ).rejects.toThrow();
      const d = await createRedisRateLimiter({
        redis: openClient as unknown as RedisClientLike,
        failOpen: true,
      }).consume("x", rule);
      expect(d).toMatchObject({ allowed: true, limit: 5, retryAfterMs: 0 });
    } finally {
      closedClient.disconnect();
      openClient.disconnect();
    }
  });

  it("checks its arguments", async () => {
    const l = limiter();
    await expect(l.consume("k", { limit: 0, windowMs: 10 })).rejects.toThrow(RangeError);
    await expect(l.consume("k", { limit: 1, windowMs: 1.5 })).rejects.toThrow(RangeError);
    await expect(l.consume(5 as unknown as string, { limit: 1, windowMs: 10 })).rejects.toThrow(TypeError);
    expect(() => createRedisRateLimiter({ url, keyPrefix: " " })).toThrow(TypeError);
  });
});

describe.skipIf(!target.ok)("LuaScript", () => {
  it("loads itself when Redis does not know it yet (NOSCRIPT), then runs by sha", async () => {
    const client = new Redis(url);
    const token = randomBytes(8).toString("hex");
    const script = new LuaScript(`-- ${token}\nreturn ARGV[1] .. KEYS[1]`);
    try {
      const known = (await client.call("SCRIPT", "EXISTS", script.sha)) as number[];
      expect(known).toEqual([0]);
      const c = client as unknown as RedisClientLike;
      expect(await script.run(c, [`${keyPrefix}k`], ["v:"])).toBe(`v:${keyPrefix}k`);
      expect(await script.run(c, [`${keyPrefix}k`], ["again:"])).toBe(`again:${keyPrefix}k`);
    } finally {
      client.disconnect();
    }
  });
});
