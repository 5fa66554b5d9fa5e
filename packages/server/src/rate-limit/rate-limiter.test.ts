import { describe, expect, it } from "vitest";
import { createMemoryRateLimiter } from "./rate-limiter.ts";

describe("MemoryRateLimiter", () => {
  it("allows `limit` calls per window per key, then refuses until the window ends", async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter({ now: () => now });
    const rule = { limit: 2, windowMs: 60_000 };
    expect(await limiter.consume("k", rule)).toMatchObject({
      allowed: true,
      remaining: 1,
      resetAt: 1_060_000,
    });
    expect(await limiter.consume("k", rule)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await limiter.consume("k", rule)).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterMs: 60_000,
    });
    expect(await limiter.consume("other", rule)).toMatchObject({ allowed: true });
    now += 30_000;
    expect((await limiter.consume("k", rule)).retryAfterMs).toBe(30_000);
    now += 30_000;
    expect(await limiter.consume("k", rule)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it("keeps rules with different windows apart", async () => {
    const limiter = createMemoryRateLimiter();
    await limiter.consume("k", { limit: 1, windowMs: 1000 });
    expect((await limiter.consume("k", { limit: 1, windowMs: 2000 })).allowed).toBe(true);
  });
});
