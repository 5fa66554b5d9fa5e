/**
 * The cluster bench's table: one row per topology and rate, then a row per rate with the
 * cluster's figures divided by the single node's (latency percentiles, deliveries/s, node CPU
 * per delivery).
 */
import { consoleTable, fixed, int, markdownTable } from "../lib/format.ts";
import type { ClusterReport, ClusterStep } from "./cluster-bench.ts";

const HEADER = [
  "Topology",
  "msg/s",
  "deliveries/s",
  "p50 / p95 / p99 / max ms",
  "lost / dup / out-of-order (senders)",
  "node CPU µs/delivery",
  "node cores",
  "Redis µs/delivery",
  "errors",
];

const ms = (v: number) => fixed(v, 1);

function row(s: ClusterStep): string[] {
  const { step } = s;
  const l = step.latencyMs;
  const t = step.totals;
  const errors = Object.entries(step.errors)
    .map(([code, n]) => `${code} ${n}`)
    .join(", ");
  return [
    s.topology,
    int(step.sentPerSecond),
    int(step.deliveriesPerSecond),
    `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)} / ${ms(l.max)}`,
    `${t.lost} / ${t.duplicated} / ${t.outOfOrder} (${step.sendersWithLoss} / ${step.sendersWithDuplicates} / ${step.sendersOutOfOrder})`,
    fixed(step.cpuMicrosPerDelivery),
    fixed(step.serverCores),
    s.redisMicrosPerDelivery === null ? "–" : fixed(s.redisMicrosPerDelivery),
    errors || "0",
  ];
}

function ratioRow(single: ClusterStep, cluster: ClusterStep): string[] {
  const r = (a: number, b: number) => `×${fixed(a / b)}`;
  const a = single.step;
  const b = cluster.step;
  return [
    `ratio ${cluster.topology} ÷ 1 node`,
    "",
    r(b.deliveriesPerSecond, a.deliveriesPerSecond),
    `${r(b.latencyMs.p50, a.latencyMs.p50)} / ${r(b.latencyMs.p95, a.latencyMs.p95)} / ${r(b.latencyMs.p99, a.latencyMs.p99)} / ${r(b.latencyMs.max, a.latencyMs.max)}`,
    "",
    r(b.cpuMicrosPerDelivery, a.cpuMicrosPerDelivery),
    r(b.serverCores, a.serverCores),
    "",
    "",
  ];
}

function rows(report: ClusterReport): string[][] {
  const out: string[][] = [];
  for (const rate of report.sizes.rates) {
    const steps = report.steps.filter((s) => s.step.rate === rate);
    out.push(...steps.map(row));
    const single = steps.find((s) => s.nodes === 1);
    const cluster = steps.find((s) => s.nodes > 1);
    if (single && cluster) out.push(ratioRow(single, cluster));
  }
  return out;
}

function sizesLine(report: ClusterReport): string {
  const s = report.sizes;
  return (
    `One room of ${s.members} members, every member a WebSocket client; ${s.senders} senders, ` +
    `round robin over the nodes (in the cluster, client i is on node i mod ${s.nodes}); rates ` +
    `${s.rates.join(", ")} msg/s, ${s.warmupMs} ms warm-up + ${s.measureMs} ms measured per step; ` +
    "Postgres storage and the Redis bus on every node, both topologies alive at once and their " +
    "steps interleaved. Node CPU is the sum over the topology's node processes inside the " +
    "window; Redis CPU is the whole step's, per delivery, and Redis is shared with anything " +
    "else on the machine."
  );
}

export function printClusterReport(report: ClusterReport): void {
  console.log(`\nCluster vs single node\n${sizesLine(report)}\n`);
  console.log(consoleTable(HEADER, rows(report)));
  console.log(`\nRedis keys left once the nodes stopped (deleted): ${JSON.stringify(report.keysDeleted)}`);
}

export function clusterMarkdown(report: ClusterReport): string {
  const keys = Object.entries(report.keysDeleted)
    .map(([label, n]) => `${label} ${n}`)
    .join(", ");
  return `${sizesLine(report)}\n\n${markdownTable(HEADER, rows(report))}\n\nRedis keys left under each topology's prefix once its nodes stopped (deleted by the script): ${keys}. Schemas dropped.`;
}
