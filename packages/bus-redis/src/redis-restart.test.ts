/**
 * A Redis that dies mid-stream (SHUTDOWN NOSAVE on a throwaway redis-server on its own port)
 * and comes back empty: buses report the lost and regained subscription, meet again, and carry
 * messages; the rate limiter reloads its script (NOSCRIPT) and counts again.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisBus } from "./redis-bus.ts";
import { createRedisRateLimiter } from "./redis-rate-limiter.ts";

const hasServer = spawnSync("redis-server", ["--version"]).status === 0;
if (!hasServer) {
  const reason = "redis-server is not installed (needed for a throwaway instance)";
  if (process.env.CI === "true") throw new Error(`${reason}; CI=true requires it`);
  console.warn(`skipping the Redis restart test: ${reason}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  const probe = new Redis(port, "127.0.0.1", {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  probe.on("error", () => {});
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch (error) {
      probe.disconnect();
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!hasServer)("a Redis restart mid-stream", () => {
  let server: ChildProcess | undefined;
  afterAll(() => {
    if (server && server.exitCode === null) server.kill("SIGKILL");
  });

  it("is reported, survived, and followed by normal delivery and counting", async () => {
    const port = await freePort();
    server = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
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

      spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]);
      const dying = server;
      await new Promise<void>((resolve) => {
        if (dying.exitCode !== null || dying.signalCode !== null) resolve();
        else dying.once("exit", () => resolve());
      });
      await until(() => events.includes("lost"), "b to report the lost subscription");
      server = await startRedis(port);
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
