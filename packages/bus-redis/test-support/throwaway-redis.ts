/**
 * Test support (not published): a throwaway redis-server on a free port of its own, for tests
 * that shut Redis down on purpose (never the shared server). It keeps nothing on disk, so it
 * comes back empty after a restart.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

/**
 * Whether redis-server is installed; when it is not, throws with CI=true and otherwise prints
 * why `what` is skipped.
 */
export function redisServerInstalled(what: string): boolean {
  if (spawnSync("redis-server", ["--version"]).status === 0) return true;
  const reason = "redis-server is not installed (needed for a throwaway instance)";
  if (process.env.CI === "true") throw new Error(`${reason}; CI=true requires it`);
  console.warn(`skipping ${what}: ${reason}`);
  return false;
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

export class ThrowawayRedis {
  readonly port: number;
  #child: ChildProcess | undefined;

  private constructor(port: number) {
    this.port = port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Start on a free port; resolves once the server answers PING. */
  static async start(): Promise<ThrowawayRedis> {
    const redis = new ThrowawayRedis(await freePort());
    await redis.restart();
    return redis;
  }

  /** Start (again) on the same port, empty; resolves once the server answers PING. */
  async restart(): Promise<void> {
    this.#child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    const probe = new Redis(this.port, "127.0.0.1", {
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
        return;
      } catch (error) {
        probe.disconnect();
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** SHUTDOWN NOSAVE, the way a crashing Redis drops every connection; resolves once it exited. */
  async shutdown(): Promise<void> {
    spawnSync("redis-cli", ["-p", String(this.port), "shutdown", "nosave"]);
    const dying = this.#child;
    if (!dying) return;
    await new Promise<void>((resolve) => {
      if (dying.exitCode !== null || dying.signalCode !== null) resolve();
      else dying.once("exit", () => resolve());
    });
  }

  /** SIGKILL the server if it still runs (for afterAll). */
  kill(): void {
    if (this.#child && this.#child.exitCode === null) this.#child.kill("SIGKILL");
  }
}
