/**
 * Test support (not published): the parent side of the SIGKILL durability test, shared by the
 * SQL adapters. A writer process (see write-until-killed.ts) is killed at random moments while
 * sending; after each kill every acknowledged message must be stored with the seq it was
 * acknowledged with, seqs must have no gaps, and rows nobody acknowledged may only be the batch
 * in flight at the kill.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { expect } from "vitest";
import { MAX_BATCH } from "./write-until-killed.ts";

/** LAIR_DURABILITY_KILLS, default 20 (the full run uses 200). */
export const DURABILITY_KILLS = Number(process.env.LAIR_DURABILITY_KILLS ?? 20);

const tsx = createRequire(import.meta.url).resolve("tsx");

export interface DurabilityCheck {
  /** The writer's entry script and its arguments, run as `node --import tsx <script> <args…>`. */
  writer: string[];
  /**
   * The durability conversation's rows in seq order, read through the test's own connection
   * after each kill (it may assert more about the database, e.g. an integrity check).
   */
  storedRows(): Promise<{ id: string; seq: number }[]>;
  /** @default DURABILITY_KILLS */
  kills?: number;
}

/** Run the writer until a random moment after it is ready, SIGKILL it, return its acks. */
function runAndKill(writer: string[]): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsx, ...writer], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.startsWith("ready\n")) {
        timer = setTimeout(() => child.kill("SIGKILL"), 20 + Math.random() * 300);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`writer exited on its own: ${err}`));
      const acks = new Map<string, number>();
      // Only complete lines count: a partial last line was never fully acknowledged.
      for (const line of out.split("\n").slice(0, -1)) {
        const [tag, id, seq] = line.split(" ");
        if (tag === "ack") acks.set(id!, Number(seq));
      }
      resolve(acks);
    });
  });
}

export async function checkDurability({
  writer,
  storedRows,
  kills = DURABILITY_KILLS,
}: DurabilityCheck): Promise<void> {
  const acked = new Map<string, number>();
  let unacked = 0;
  for (let kill = 0; kill < kills; kill++) {
    for (const [id, seq] of await runAndKill(writer)) acked.set(id, seq);
    const rows = await storedRows();
    const stored = new Map(rows.map((r) => [r.id, r.seq]));
    for (const [id, seq] of acked) expect(stored.get(id), `acknowledged ${id}`).toBe(seq);
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    // Committed but killed before printing: at most the one batch in flight.
    const extra = rows.length - acked.size;
    expect(extra - unacked).toBeLessThanOrEqual(MAX_BATCH);
    unacked = extra;
  }
  expect(acked.size).toBeGreaterThan(kills);
}
