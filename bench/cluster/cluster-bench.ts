/**
 * The cluster bench of issue #7: one room of N members, (a) all on one node and (b) spread
 * round robin over several nodes, senders on different nodes. Both topologies run at once
 * (Postgres storage, Redis bus, each its own schema and key prefix) and their steps are
 * interleaved rate by rate, so both see the same machine conditions.
 */

import { ClientPool } from "../load/client-pool.ts";
import type { Driver } from "../load/drivers/driver.ts";
import { lairWsDriver } from "../load/drivers/lair-ws-driver.ts";
import { runStep, type StepResult, waitForIdle } from "../load/load-step.ts";
import { type ClusterSizes, clusterSizes } from "./cluster-sizes.ts";
import { Topology } from "./cluster-topology.ts";
import { redisCpuReader } from "./redis-cpu.ts";

export interface ClusterStep {
  topology: string;
  nodes: number;
  step: StepResult;
  /**
   * Redis server CPU over the whole step (warm-up, window, drain) per delivery received in it;
   * null when Redis is not a local process. Redis is shared with whatever else runs.
   */
  redisMicrosPerDelivery: number | null;
}

export interface ClusterReport {
  sizes: ClusterSizes;
  steps: ClusterStep[];
  /** Seconds to connect each topology's clients. */
  connectSeconds: Record<string, number>;
  /** Redis keys deleted at the end, per topology (the bus's presence and liveness keys). */
  keysDeleted: Record<string, number>;
}

export interface ClusterOptions {
  quick: boolean;
  /** @default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test */
  databaseUrl?: string;
  /** @default REDIS_URL or redis://127.0.0.1:6379 */
  redisUrl?: string;
}

/** Clients spread round robin over the nodes: client i talks to node i mod n. */
function spreadDriver(ports: number[]): Driver {
  const drivers = ports.map((port) => lairWsDriver(port));
  return {
    name: `Lair WS × ${ports.length}`,
    connect: (spec) => drivers[spec.index % drivers.length]!.connect(spec),
  };
}

const log = (m: string) => console.log(`[cluster] ${m}`);

export async function runClusterBench(o: ClusterOptions): Promise<ClusterReport> {
  const sizes = clusterSizes(o.quick);
  const databaseUrl = o.databaseUrl ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const redisUrl = o.redisUrl ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const members = Array.from({ length: sizes.members }, (_, i) => i);
  const setup = { users: sizes.members, rooms: [members] };
  const report: ClusterReport = { sizes, steps: [], connectSeconds: {}, keysDeleted: {} };
  const redisCpu = await redisCpuReader(redisUrl);
  const live: { topology: Topology; pool: ClientPool }[] = [];
  try {
    for (const [label, nodes] of [
      ["1 node", 1],
      [`${sizes.nodes} nodes`, sizes.nodes],
    ] as const) {
      const t0 = performance.now();
      const topology = await Topology.start({ label, nodes, setup, databaseUrl, redisUrl });
      // Registered before connecting, so a failed connect still stops the nodes.
      const entry = { topology, pool: null as ClientPool | null };
      live.push(entry as { topology: Topology; pool: ClientPool });
      log(
        `${label} up in ${((performance.now() - t0) / 1000).toFixed(1)} s (pids ${topology.nodes.map((n) => n.pid).join(", ")})`,
      );
      const roomId = topology.reply.roomIds[0]!;
      entry.pool = await ClientPool.connect(
        spreadDriver(topology.ports),
        members.map((u) => ({ token: topology.reply.tokens[u]!, roomId })),
      );
      report.connectSeconds[label] = entry.pool.connectSeconds;
      log(`${label}: ${sizes.members} clients connected in ${entry.pool.connectSeconds.toFixed(1)} s`);
    }
    for (const { topology } of live) await waitForIdle(topology);
    const senderClients = Array.from({ length: sizes.senders }, (_, i) => i);
    for (const rate of sizes.rates) {
      for (const { topology, pool } of live) {
        const redis0 = redisCpu?.() ?? 0;
        const step = await runStep(pool, topology, {
          rate,
          warmupMs: sizes.warmupMs,
          measureMs: sizes.measureMs,
          drainMs: sizes.drainMs,
          senderClients,
          roomSizes: senderClients.map(() => sizes.members),
        });
        const redisMicros = redisCpu ? redisCpu() - redis0 : Number.NaN;
        report.steps.push({
          topology: topology.label,
          nodes: topology.nodes.length,
          step,
          redisMicrosPerDelivery:
            redisCpu && step.totals.received > 0 ? redisMicros / step.totals.received : null,
        });
        log(
          `${topology.label} ${rate} msg/s → ${Math.round(step.deliveriesPerSecond)} deliveries/s, ` +
            `p50/p99 ${step.latencyMs.p50.toFixed(1)}/${step.latencyMs.p99.toFixed(1)} ms, ` +
            `${step.cpuMicrosPerDelivery.toFixed(2)} µs/delivery, lost ${step.totals.lost}, ` +
            `dup ${step.totals.duplicated}, out of order ${step.totals.outOfOrder}, errors ${JSON.stringify(step.errors)}`,
        );
        await waitForIdle(topology, 5000);
      }
    }
  } finally {
    for (const { topology, pool } of live) {
      pool?.close();
      report.keysDeleted[topology.label] = await topology.stop();
    }
  }
  return report;
}
