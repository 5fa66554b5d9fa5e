/**
 * Sizes of the cluster bench (issue #7). `--quick` keeps the whole run under a minute; every
 * size can be set through a BENCH_CLUSTER_* environment variable.
 */
import { envInt } from "../lib/args.ts";
import { envList } from "../load/load-sizes.ts";

export interface ClusterSizes {
  /** Nodes of the cluster topology (the other topology is always one node). @default 3 */
  nodes: number;
  /** Members of the one room, every one a connected client. @default 100 (quick), 300 */
  members: number;
  /** Members that send, spread round robin over the nodes. @default 6 (quick), 12 */
  senders: number;
  /** Messages per second, all senders together, one step each. @default 50, 100, 200 (quick); 50, 100, 200, 400 */
  rates: number[];
  /** @default 500 (quick), 1000 */
  warmupMs: number;
  /** @default 2000 (quick), 5000 */
  measureMs: number;
  /** Longest wait for stragglers after a step. @default 3000 (quick), 10000 */
  drainMs: number;
}

export function clusterSizes(quick: boolean): ClusterSizes {
  const sizes: ClusterSizes = {
    nodes: envInt("BENCH_CLUSTER_NODES", 3),
    members: envInt("BENCH_CLUSTER_MEMBERS", quick ? 100 : 300),
    senders: envInt("BENCH_CLUSTER_SENDERS", quick ? 6 : 12),
    rates: envList("BENCH_CLUSTER_RATES", quick ? [50, 100, 200] : [50, 100, 200, 400]),
    warmupMs: envInt("BENCH_CLUSTER_WARMUP_MS", quick ? 500 : 1000),
    measureMs: envInt("BENCH_CLUSTER_STEP_MS", quick ? 2000 : 5000),
    drainMs: envInt("BENCH_CLUSTER_DRAIN_MS", quick ? 3000 : 10_000),
  };
  if (sizes.senders > sizes.members)
    throw new RangeError("BENCH_CLUSTER_SENDERS: more senders than members of the room");
  return sizes;
}
