/**
 * Scenario D: RSS per idle authenticated connection. The server's RSS is read after two full
 * collections before and after `n` clients have connected (and, for our server, authenticated).
 */
import { ClientPool } from "./client-pool.ts";
import { waitForIdle } from "./load-step.ts";
import type { ServerProcess } from "./server-process.ts";
import type { Target } from "./targets.ts";

export interface IdleRun {
  targetId: string;
  label: string;
  connections: number;
  rssBefore: number;
  rssAfter: number;
  bytesPerConnection: number;
  connectSeconds: number;
  failure?: string;
}

export async function runIdle(target: Target, server: ServerProcess, n: number): Promise<IdleRun> {
  const run: IdleRun = {
    targetId: target.id,
    label: target.label,
    connections: n,
    rssBefore: Number.NaN,
    rssAfter: Number.NaN,
    bytesPerConnection: Number.NaN,
    connectSeconds: 0,
  };
  let pool: ClientPool | undefined;
  try {
    const reply = await server.setup({ users: n, rooms: [] });
    await server.gc();
    run.rssBefore = server.rss();
    pool = await ClientPool.connect(
      target.driver(server.ports),
      reply.tokens.map((token) => ({ token, roomId: null })),
      { concurrency: 100 },
    );
    run.connectSeconds = pool.connectSeconds;
    await waitForIdle(server);
    await server.gc();
    run.rssAfter = server.rss();
    run.bytesPerConnection = (run.rssAfter - run.rssBefore) / n;
    console.log(
      `[load] D ${target.label}: ${n} connections, ${(run.bytesPerConnection / 1024).toFixed(1)} KB each ` +
        `(RSS ${(run.rssBefore / 2 ** 20).toFixed(0)} → ${(run.rssAfter / 2 ** 20).toFixed(0)} MB)`,
    );
  } catch (error) {
    run.failure = error instanceof Error ? error.message : String(error);
    console.log(`[load] D ${target.label}: failed: ${run.failure}`);
  } finally {
    pool?.close();
  }
  return run;
}
