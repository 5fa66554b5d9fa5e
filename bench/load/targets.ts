/**
 * The servers compared and how the generator reaches each. Our server runs A–C with SQLite
 * (NORMAL) in the path, as issue #8's targets require; both its transports share one process.
 */
import { envChoice } from "../lib/args.ts";
import type { Driver } from "./drivers/driver.ts";
import { lairTcpDriver } from "./drivers/lair-tcp-driver.ts";
import { lairWsDriver } from "./drivers/lair-ws-driver.ts";
import { rawWsDriver } from "./drivers/raw-ws-driver.ts";
import { socketIoDriver } from "./drivers/socketio-driver.ts";
import type { ServerKind } from "./server-process.ts";

export type LairStorageKind = "memory" | "sqlite" | "postgres";

export interface ProcessSpec {
  key: string;
  kind: ServerKind;
  storage?: LairStorageKind;
}

export interface Target {
  id: string;
  label: string;
  process: ProcessSpec;
  driver(ports: { ws: number; tcp?: number }): Driver;
}

export const RAW_WS = "raw-ws";

export function lairProcess(storage: LairStorageKind): ProcessSpec {
  return { key: `lair-${storage}`, kind: "lair", storage };
}

export function lairTargets(storage: LairStorageKind): Target[] {
  const process = lairProcess(storage);
  return [
    { id: `lair-ws-${storage}`, label: `Lair WS (${storage})`, process, driver: (p) => lairWsDriver(p.ws) },
    {
      id: `lair-tcp-${storage}`,
      label: `Lair TCP (${storage})`,
      process,
      driver: (p) => lairTcpDriver(p.tcp!),
    },
  ];
}

/** Storage of our server in A–C: BENCH_LAIR_STORAGE, SQLite by default (the targets assume it). */
export function comparisonStorage(): LairStorageKind {
  return envChoice("BENCH_LAIR_STORAGE", ["memory", "sqlite", "postgres"], "sqlite");
}

export function comparisonTargets(): Target[] {
  return [
    {
      id: RAW_WS,
      label: "raw ws",
      process: { key: "raw-ws", kind: "raw-ws" },
      driver: (p) => rawWsDriver(p.ws),
    },
    {
      id: "socketio",
      label: "Socket.IO",
      process: { key: "socketio", kind: "socketio" },
      driver: (p) => socketIoDriver(p.ws),
    },
    ...lairTargets(comparisonStorage()),
  ];
}
