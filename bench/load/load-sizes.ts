/**
 * Sizes of the load scenarios of issue #8. The full run uses the sizes; `--quick`
 * scales them down so the whole benchmark takes about two minutes. Every size can be set
 * through a BENCH_* environment variable.
 */
import { envInt } from "../lib/args.ts";

export interface LoadSizes {
  warmupMs: number;
  measureMs: number;
  drainMs: number;
  /** A: one room, stepping the rate up until p99 ≥ 50 ms or anything is lost. */
  aClients: number;
  aSenders: number;
  aRates: number[];
  /** A's stop rule. */
  aMaxP99Ms: number;
  /** B: one big room at a fixed rate. */
  bClients: number;
  bSenders: number;
  bRate: number;
  bMeasureMs: number;
  /** C: many small rooms, everyone sends. */
  cRooms: number;
  cPerRoom: number;
  cRate: number;
  cMeasureMs: number;
  /** D: idle authenticated connections. */
  dConnections: number;
}

export function envList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const list = raw.split(",").map(Number);
  if (list.some((v) => !Number.isInteger(v) || v <= 0))
    throw new RangeError(`${name}: expected positive integers`);
  return list;
}

export function loadSizes(quick: boolean): LoadSizes {
  return {
    warmupMs: envInt("BENCH_WARMUP_MS", quick ? 300 : 1000),
    measureMs: envInt("BENCH_STEP_MS", quick ? 1000 : 5000),
    drainMs: envInt("BENCH_DRAIN_MS", quick ? 3000 : 10_000),
    aClients: envInt("BENCH_A_CLIENTS", 100),
    aSenders: envInt("BENCH_A_SENDERS", 10),
    aRates: envList(
      "BENCH_A_RATES",
      quick ? [100, 250, 500, 1000, 2000, 4000] : [50, 100, 200, 400, 700, 1000, 1500, 2200, 3300, 5000],
    ),
    aMaxP99Ms: envInt("BENCH_A_MAX_P99_MS", 50),
    bClients: envInt("BENCH_B_CLIENTS", quick ? 400 : 1000),
    bSenders: envInt("BENCH_B_SENDERS", 5),
    bRate: envInt("BENCH_B_RATE", 100),
    bMeasureMs: envInt("BENCH_B_MS", quick ? 2000 : 10_000),
    cRooms: envInt("BENCH_C_ROOMS", quick ? 20 : 100),
    cPerRoom: envInt("BENCH_C_PER_ROOM", 10),
    cRate: envInt("BENCH_C_RATE", quick ? 400 : 2000),
    cMeasureMs: envInt("BENCH_C_MS", quick ? 2000 : 10_000),
    dConnections: envInt("BENCH_D_CONNECTIONS", quick ? 1000 : 5000),
  };
}
