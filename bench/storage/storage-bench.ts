/**
 * The storage benchmarks of issue #4: durable insert throughput (one by one and group commit),
 * history page latency in a big room, resume replay. Prints tables and returns the Markdown
 * block for docs/benchmarks.md.
 */
import { envInt } from "../lib/args.ts";
import { consoleTable, fixed, int, markdownTable } from "../lib/format.ts";
import { type AdapterKind, createAuthor, openAdapter } from "./bench-adapters.ts";
import { type HistoryResult, historyLatency, type SeededRoom, seedRoom } from "./history-latency.ts";
import { groupCommit, type InsertResult, oneByOne } from "./insert-throughput.ts";
import { type ReplayResult, resumeReplay } from "./resume-replay.ts";

export interface StorageSizes {
  oneByOne: number;
  concurrent: number;
  groupTotal: number;
  roomMessages: number;
  historySamples: number;
  replayEntries: number;
  replayRepeats: number;
  timeLimitMs: number;
}

export function storageSizes(quick: boolean): StorageSizes {
  return {
    oneByOne: envInt("BENCH_STORAGE_ONE_BY_ONE", quick ? 300 : 10_000),
    concurrent: envInt("BENCH_STORAGE_CONCURRENT", quick ? 600 : 20_000),
    groupTotal: envInt("BENCH_STORAGE_GROUP_TOTAL", quick ? 10_000 : 200_000),
    roomMessages: envInt("BENCH_ROOM_MESSAGES", quick ? 20_000 : 1_000_000),
    historySamples: envInt("BENCH_HISTORY_SAMPLES", quick ? 200 : 2000),
    replayEntries: envInt("BENCH_REPLAY_ENTRIES", 10_000),
    replayRepeats: envInt("BENCH_REPLAY_REPEATS", quick ? 3 : 20),
    timeLimitMs: envInt("BENCH_STORAGE_TIME_LIMIT_MS", quick ? 4000 : 60_000),
  };
}

interface AdapterReport {
  label: string;
  durability: string;
  inserts: InsertResult[];
  room?: SeededRoom;
  /** Pages read before planner statistics were refreshed (Postgres only). */
  staleHistory?: HistoryResult;
  history?: HistoryResult;
  replay?: ReplayResult;
}

export interface StorageReport {
  sizes: StorageSizes;
  adapters: AdapterReport[];
}

const PLAN: { kind: AdapterKind; reads: boolean }[] = [
  { kind: "sqlite-normal", reads: true },
  { kind: "sqlite-full", reads: false },
  { kind: "postgres", reads: true },
];

async function benchAdapter(kind: AdapterKind, reads: boolean, s: StorageSizes): Promise<AdapterReport> {
  const adapter = await openAdapter(kind);
  const log = (m: string) => console.log(`[storage] ${adapter.label}: ${m}`);
  try {
    const { storage } = adapter;
    const author = await createAuthor(storage);
    const report: AdapterReport = { label: adapter.label, durability: adapter.durability, inserts: [] };
    const limit = s.timeLimitMs;
    const add = (r: InsertResult) => {
      report.inserts.push(r);
      log(`${r.mode}: ${int(r.perSecond)} msg/s (${r.messages} in ${fixed(r.seconds)} s)`);
    };
    add(await oneByOne(storage, author, { count: s.oneByOne, writers: 1, timeLimitMs: limit }));
    add(await oneByOne(storage, author, { count: s.concurrent, writers: 8, timeLimitMs: limit }));
    add(
      await groupCommit(storage, author, { total: s.groupTotal, batch: 100, rooms: 10, timeLimitMs: limit }),
    );
    add(
      await groupCommit(storage, author, { total: s.groupTotal, batch: 1000, rooms: 10, timeLimitMs: limit }),
    );
    if (reads) {
      log(`seeding a room with ${int(s.roomMessages)} messages`);
      report.room = await seedRoom(storage, author, s.roomMessages, (n) => log(`  seeded ${int(n)}`));
      log(`seeded in ${fixed(report.room.seedSeconds, 1)} s`);
      if (adapter.analyze) {
        report.staleHistory = await historyLatency(storage, report.room, Math.min(100, s.historySamples));
        log(`before ANALYZE: page p50 ${fixed(report.staleHistory.keyset.p50)} ms`);
        await adapter.analyze();
      }
      report.history = await historyLatency(storage, report.room, s.historySamples);
      log(
        `history page p50 ${fixed(report.history.keyset.p50)} ms, p99 ${fixed(report.history.keyset.p99)} ms`,
      );
      report.replay = await resumeReplay(storage, report.room, s.replayEntries, s.replayRepeats);
      log(`replay of ${s.replayEntries}: p50 ${fixed(report.replay.replay.p50, 1)} ms`);
    }
    return report;
  } finally {
    await adapter.dispose();
  }
}

export async function runStorageBench(quick: boolean): Promise<StorageReport> {
  const sizes = storageSizes(quick);
  const adapters: AdapterReport[] = [];
  for (const { kind, reads } of PLAN) adapters.push(await benchAdapter(kind, reads, sizes));
  return { sizes, adapters };
}

function insertRows(r: StorageReport): string[][] {
  return r.adapters.flatMap((a) =>
    a.inserts.map((i) => [
      a.label,
      i.mode,
      int(i.messages),
      int(i.perSecond),
      fixed(i.ack.p50),
      fixed(i.ack.p99),
    ]),
  );
}

function readRows(r: StorageReport): string[][] {
  return r.adapters
    .filter((a) => a.room && a.history && a.replay)
    .map((a) => [
      a.label,
      int(a.room!.size),
      `${fixed(a.room!.seedSeconds, 1)} s (${int(a.room!.size / a.room!.seedSeconds)} msg/s)`,
      fixed(a.history!.keyset.p50),
      fixed(a.history!.keyset.p99),
      `${fixed(a.history!.newest.p50)} / ${fixed(a.history!.newest.p99)}`,
      a.staleHistory ? `${fixed(a.staleHistory.keyset.p50)} / ${fixed(a.staleHistory.keyset.p99)}` : "–",
      `${fixed(a.replay!.replay.p50, 1)} / ${fixed(a.replay!.replay.p99, 1)}`,
    ]);
}

const INSERT_HEADER = ["Adapter", "Mode", "Messages", "msg/s", "ack p50 ms", "ack p99 ms"];
const READ_HEADER = [
  "Adapter",
  "Room size",
  "Seeding (appendMessages ×1,000)",
  "Page p50 ms",
  "Page p99 ms",
  "Newest page p50 / p99 ms",
  "Before ANALYZE p50 / p99 ms",
  "Replay 10k p50 / p99 ms",
];

export function printStorageReport(r: StorageReport): void {
  console.log(`\n${consoleTable(INSERT_HEADER, insertRows(r))}\n`);
  console.log(`${consoleTable(READ_HEADER, readRows(r))}\n`);
}

/** Targets of issue #4, checked against this run. */
function targetLines(r: StorageReport): string[] {
  const best = (label: string) =>
    Math.max(
      0,
      ...(r.adapters.find((a) => a.label === label)?.inserts ?? [])
        .filter((i) => i.mode.startsWith("group"))
        .map((i) => i.perSecond),
    );
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const lines = [
    `- SQLite ≥ 20,000 msg/s durable with group commit: NORMAL ${int(best("SQLite NORMAL"))}, FULL ${int(best("SQLite FULL"))} — ${verdict(best("SQLite NORMAL") >= 20_000)} (NORMAL), ${verdict(best("SQLite FULL") >= 20_000)} (FULL)`,
    `- Postgres ≥ 10,000 msg/s: ${int(best("Postgres"))} — ${verdict(best("Postgres") >= 10_000)}`,
  ];
  for (const a of r.adapters)
    if (a.history)
      lines.push(
        `- History page p99 ≤ 5 ms, ${a.label}: ${fixed(a.history.keyset.p99)} ms — ${verdict(a.history.keyset.p99 <= 5)}`,
      );
  return lines;
}

export function storageMarkdown(r: StorageReport): string {
  const durability = r.adapters.map((a) => `${a.label}: ${a.durability}`).join("; ");
  return [
    `Durability settings read back from the databases: ${durability}.`,
    "",
    markdownTable(INSERT_HEADER, insertRows(r)),
    "",
    markdownTable(READ_HEADER, readRows(r)),
    "",
    `History: ${int(r.sizes.historySamples)} pages of 50 at random depths (\`listMessages(conv, {limit: 50, beforeSeq})\`), newest page every 10th sample. Postgres pages are timed after \`ANALYZE\` (what autovacuum does soon after a bulk load); the 100 pages read before it show the plan a freshly loaded table gets. Replay: \`readLog\` of ${int(r.sizes.replayEntries)} entries, ${r.sizes.replayRepeats} times.`,
    "",
    ...targetLines(r),
  ].join("\n");
}
