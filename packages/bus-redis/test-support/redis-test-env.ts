/**
 * Test support (not published): the real Redis at REDIS_URL, a fresh key prefix per run, and
 * the rule for a missing Redis — with CI=true the test file fails, otherwise it is skipped with
 * the reason printed.
 */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export type RedisTarget = { ok: true; url: string } | { ok: false; reason: string };

export const TEST_REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether Redis answers at REDIS_URL; throws when it does not and CI=true. */
export async function redisTarget(url = TEST_REDIS_URL): Promise<RedisTarget> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.ping();
    return { ok: true, url };
  } catch (error) {
    const reason = `Redis unreachable at ${url}: ${error instanceof Error ? error.message : String(error)}`;
    if (process.env.CI === "true") throw new Error(`${reason} (CI=true: Redis is required)`);
    console.warn(`skipping Redis tests: ${reason}`);
    return { ok: false, reason };
  } finally {
    client.disconnect();
  }
}

/** A key prefix no other run uses: `lair-test:<pid>:<random>:`. */
export function freshKeyPrefix(): string {
  return `lair-test:${process.pid}:${randomBytes(4).toString("hex")}:`;
}

/** Delete every key under `prefix`; returns how many were deleted. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on("error", () => {});
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== "0");
  } finally {
    client.disconnect();
  }
  return deleted;
}
