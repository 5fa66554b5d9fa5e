/** Resume replay: `readLog` of 10,000 entries from a random point of the seeded room. */
import type { Storage } from "@lair-chat/server";
import { type LatencySummary, SampleBuffer, summarize } from "../lib/stats.ts";
import type { SeededRoom } from "./history-latency.ts";

export interface ReplayResult {
  entries: number;
  /** Time of one whole replay, ms. */
  replay: LatencySummary;
  entriesPerSecond: number;
}

export async function resumeReplay(
  storage: Storage,
  room: SeededRoom,
  entries: number,
  repeats: number,
): Promise<ReplayResult> {
  if (room.size < entries) throw new RangeError(`room has ${room.size} messages, fewer than ${entries}`);
  const times = new SampleBuffer();
  let total = 0;
  for (let i = 0; i < repeats; i++) {
    const afterSeq = Math.floor(Math.random() * (room.size - entries));
    const t0 = performance.now();
    const log = await storage.readLog(room.conversation, afterSeq, entries);
    times.push(performance.now() - t0);
    if (log.length !== entries) throw new Error(`readLog after ${afterSeq} gave ${log.length} entries`);
    total += log.length;
  }
  const replay = summarize(times.values());
  return { entries, replay, entriesPerSecond: total / ((replay.mean * repeats) / 1000) };
}
