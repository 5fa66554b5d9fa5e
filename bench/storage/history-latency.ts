/**
 * History pages in a big room: seed one conversation with `size` messages (group commit in
 * batches of 1,000, the fastest path the adapter offers), then time `listMessages` pages of 50
 * keyed by seq at random depths, plus the newest page as a client opening the room sees it.
 */
import type { Storage } from "@lair-chat/server";
import { type LatencySummary, SampleBuffer, summarize } from "../lib/stats.ts";
import { roomMessage } from "./bench-adapters.ts";

export interface SeededRoom {
  conversation: string;
  size: number;
  seedSeconds: number;
}

export async function seedRoom(
  storage: Storage,
  authorId: string,
  size: number,
  onProgress?: (done: number) => void,
): Promise<SeededRoom> {
  const roomId = crypto.randomUUID();
  const started = performance.now();
  const BATCH = 1000;
  for (let done = 0; done < size; done += BATCH) {
    const n = Math.min(BATCH, size - done);
    await storage.appendMessages(
      Array.from({ length: n }, (_, i) => roomMessage(authorId, roomId, done + i)),
    );
    if (onProgress && (done / BATCH) % 100 === 99) onProgress(done + n);
  }
  return { conversation: `room:${roomId}`, size, seedSeconds: (performance.now() - started) / 1000 };
}

export interface HistoryResult {
  /** Pages at random depths (`beforeSeq`). */
  keyset: LatencySummary;
  /** The newest page (no bound). */
  newest: LatencySummary;
}

export async function historyLatency(
  storage: Storage,
  room: SeededRoom,
  samples: number,
): Promise<HistoryResult> {
  const keyset = new SampleBuffer();
  const newest = new SampleBuffer();
  // Warm the connection and the statement cache as a running server would have them.
  for (let i = 0; i < 20; i++) await storage.listMessages(room.conversation, { limit: 50 });
  for (let i = 0; i < samples; i++) {
    const beforeSeq = 51 + Math.floor(Math.random() * (room.size - 50));
    let t0 = performance.now();
    const page = await storage.listMessages(room.conversation, { limit: 50, beforeSeq });
    keyset.push(performance.now() - t0);
    if (page.length !== 50) throw new Error(`history page before ${beforeSeq} had ${page.length} messages`);
    if (i % 10 === 0) {
      t0 = performance.now();
      await storage.listMessages(room.conversation, { limit: 50 });
      newest.push(performance.now() - t0);
    }
  }
  return { keyset: summarize(keyset.values()), newest: summarize(newest.values()) };
}
