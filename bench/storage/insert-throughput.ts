/**
 * Durable insert throughput. A message counts once the adapter's promise for it resolved, that
 * is after its commit: one by one (`appendMessage`, each awaited, by one or several writers) or
 * group commit (`appendMessages`, a batch per transaction, each batch awaited).
 */
import type { Storage } from "@lair-chat/server";
import { type LatencySummary, SampleBuffer, summarize } from "../lib/stats.ts";
import { roomMessage } from "./bench-adapters.ts";

export interface InsertResult {
  mode: string;
  messages: number;
  seconds: number;
  perSecond: number;
  /** Time from handing a message to the adapter to its acknowledgement, ms. */
  ack: LatencySummary;
}

export interface OneByOneOptions {
  count: number;
  /** Concurrent writers, each in its own room. */
  writers: number;
  timeLimitMs: number;
}

export async function oneByOne(
  storage: Storage,
  authorId: string,
  o: OneByOneOptions,
): Promise<InsertResult> {
  const acks = new SampleBuffer();
  const deadline = performance.now() + o.timeLimitMs;
  let next = 0;
  const started = performance.now();
  const writer = async (w: number) => {
    const roomId = crypto.randomUUID();
    while (next < o.count && performance.now() < deadline) {
      const n = next++;
      const t0 = performance.now();
      await storage.appendMessage(roomMessage(authorId, roomId, n));
      acks.push(performance.now() - t0);
    }
    return w;
  };
  await Promise.all(Array.from({ length: o.writers }, (_, w) => writer(w)));
  const seconds = (performance.now() - started) / 1000;
  return {
    mode: o.writers === 1 ? "one by one" : `one by one, ${o.writers} writers`,
    messages: acks.length,
    seconds,
    perSecond: acks.length / seconds,
    ack: summarize(acks.values()),
  };
}

export interface GroupCommitOptions {
  total: number;
  batch: number;
  /** Messages of a batch are spread over this many rooms, as a server's pending sends would be. */
  rooms: number;
  timeLimitMs: number;
}

export async function groupCommit(
  storage: Storage,
  authorId: string,
  o: GroupCommitOptions,
): Promise<InsertResult> {
  const rooms = Array.from({ length: o.rooms }, () => crypto.randomUUID());
  const acks = new SampleBuffer();
  const deadline = performance.now() + o.timeLimitMs;
  let done = 0;
  const started = performance.now();
  while (done < o.total && performance.now() < deadline) {
    const size = Math.min(o.batch, o.total - done);
    const batch = Array.from({ length: size }, (_, i) =>
      roomMessage(authorId, rooms[i % rooms.length]!, done + i),
    );
    const t0 = performance.now();
    await storage.appendMessages(batch);
    const ack = performance.now() - t0;
    for (let i = 0; i < size; i++) acks.push(ack);
    done += size;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    mode: `group commit, ${o.batch}/batch`,
    messages: done,
    seconds,
    perSecond: done / seconds,
    ack: summarize(acks.values()),
  };
}
