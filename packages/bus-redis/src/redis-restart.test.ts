/**
 * A Redis that dies mid-stream (SHUTDOWN NOSAVE on a throwaway redis-server on its own port)
 * and comes back empty: buses report the lost and regained subscription, meet again, and carry
 * messages; the rate limiter reloads its script (NOSCRIPT) and counts again.
 */
import { afterAll, describe, expect, it } from "vitest";
import { redisServerInstalled, ThrowawayRedis } from "../test-support/throwaway-redis.ts";
import { createRedisBus } from "./redis-bus.ts";
import { createRedisRateLimiter } from "./redis-rate-limiter.ts";

const hasServer = redisServerInstalled("the Redis restart test");

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!hasServer)("a Redis restart mid-stream", () => {
  let server: ThrowawayRedis | undefined;
  afterAll(() => server?.kill());

  it("is reported, survived, and followed by normal delivery and counting", async () => {
    server = await ThrowawayRedis.start();
    const url = server.url;
    const timing = { heartbeatMs: 100, nodeTimeoutMs: 3000 };
    const a = createRedisBus({ url, ...timing });
    const b = createRedisBus({ url, ...timing });
    const limiter = createRedisRateLimiter({ url });
    const events: string[] = [];
    b.onSubscriptionLost(() => events.push("lost"));
    b.onResubscribed(() => events.push("resubscribed"));
    const got: number[] = [];
    b.onMessage("n", (p) => got.push(Number(p)));
    try {
      await a.start();
      await b.start();
      await until(() => b.nodes().includes(a.nodeId), "b to meet a");
      const rule = { limit: 100, windowMs: 60_000 };
      expect((await limiter.consume("k", rule)).remaining).toBe(99);
      for (let i = 0; i < 50; i++) a.broadcast("n", i);
      await until(() => got.length === 50, "the first 50 messages");

      await server.shutdown();
      await until(() => events.includes("lost"), "b to report the lost subscription");
      await server.restart();
      await until(() => events.includes("resubscribed"), "b to resubscribe");
      expect(events).toEqual(["lost", "resubscribed"]);

      for (let i = 50; i < 100; i++) a.broadcast("n", i);
      await until(() => got.includes(99), "a message sent after the restart");
      const after = got.filter((n) => n >= 50);
      expect(after).toEqual([...after].sort((x, y) => x - y));
      // Redis came back empty (no script, no counter): a new window, counted by a reloaded script.
      expect((await limiter.consume("k", rule)).remaining).toBe(99);
      expect(a.nodes()).toContain(b.nodeId);
    } finally {
      await Promise.all([a.close(), b.close(), limiter.close()]);
    }
  }, 60_000);
});
