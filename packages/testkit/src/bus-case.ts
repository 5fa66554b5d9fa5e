/** The shape of one bus conformance test, what it receives, and the waiting helpers it uses. */
import { randomBytes } from "node:crypto";
import type { LairBus, LairBusOptions } from "@lair-chat/server";

export interface BusCaseContext {
  /**
   * Make one cluster of buses from these options (a number means that many nodes with the
   * default quiet timing). Node ids are filled in when missing. Buses are not started; every
   * bus made here is closed after the case.
   */
  create(nodes: number | LairBusOptions[]): Promise<LairBus[]>;
  /** Heartbeat and node timeout for the liveness tests. */
  fast: { heartbeatMs: number; nodeTimeoutMs: number };
  /** Poll `condition` until it holds; fail with `what` after the suite's wait limit. */
  waitFor(condition: () => boolean, what: string): Promise<void>;
  /** The suite's wait limit in ms. */
  waitMs: number;
}

export interface BusCase {
  /** Stable name; `skip` keys refer to it. */
  name: string;
  /** Timeout of the case, when it needs more than the runner's default. */
  timeout?: number;
  run(ctx: BusCaseContext): Promise<void>;
}

/**
 * Options for nodes that talk but are not under liveness test: heartbeats rare enough and
 * timeouts long enough that a busy machine never makes a node look gone.
 */
export const QUIET: Required<Pick<LairBusOptions, "heartbeatMs" | "nodeTimeoutMs" | "requestTimeoutMs">> = {
  heartbeatMs: 1000,
  nodeTimeoutMs: 120_000,
  requestTimeoutMs: 60_000,
};

/** A node id that says which test node it is and never repeats across runs. */
export function nodeIdFor(index: number): string {
  return `node-${String.fromCharCode(97 + (index % 26))}-${randomBytes(4).toString("hex")}`;
}

/** Start buses one after another, in order. */
export async function startAll(buses: LairBus[]): Promise<void> {
  for (const bus of buses) await bus.start();
}

/** Start buses and wait until every one knows every other. */
export async function startMeshed(ctx: BusCaseContext, buses: LairBus[]): Promise<void> {
  await startAll(buses);
  await ctx.waitFor(
    () => buses.every((b) => buses.every((o) => o === b || b.nodes().includes(o.nodeId))),
    "every node to know every other node",
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitUntil(condition: () => boolean, what: string, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`busSuite: gave up after ${limitMs} ms waiting for ${what}`);
    await sleep(5);
  }
}
