/**
 * SIGKILL durability: a writer process is killed at random moments while sending; after each
 * kill every acknowledged message must be in the file with the seq it was acknowledged with,
 * seqs must have no gaps, rows nobody acknowledged may only be the batch in flight at the
 * kill, and SQLite's integrity check must pass. LAIR_DURABILITY_KILLS sets the number of
 * kills (default 20; the full run uses 200).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { createSqliteStorage } from "./sqlite-storage.ts";
import { addUser, tempDir } from "./test-files.ts";

const KILLS = Number(process.env.LAIR_DURABILITY_KILLS ?? 20);
const MAX_BATCH = 10;
const tsx = createRequire(import.meta.url).resolve("tsx");
const writer = fileURLToPath(new URL("./durability-writer.ts", import.meta.url));

/** Run the writer until a random moment after it is ready, SIGKILL it, return its acks. */
function runAndKill(filename: string, authorId: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsx, writer, filename, authorId], {
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

it(
  `every acknowledged message survives ${KILLS} SIGKILLs of the writer, without gaps`,
  async () => {
    const tmp = tempDir();
    const filename = join(tmp.dir, "durable.db");
    try {
      const setup = createSqliteStorage({ filename });
      await setup.init();
      const author = await addUser(setup, "writer");
      await setup.close();

      const acked = new Map<string, number>();
      let unacked = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        for (const [id, seq] of await runAndKill(filename, author.id)) acked.set(id, seq);
        const db = new Database(filename);
        try {
          expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
          const rows = db
            .prepare("SELECT id, seq FROM messages WHERE conversation = 'room:durability' ORDER BY seq")
            .all() as { id: string; seq: number }[];
          const stored = new Map(rows.map((r) => [r.id, r.seq]));
          for (const [id, seq] of acked) expect(stored.get(id), `acknowledged ${id}`).toBe(seq);
          expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
          // Committed but killed before printing: at most the one batch in flight.
          const extra = rows.length - acked.size;
          expect(extra - unacked).toBeLessThanOrEqual(MAX_BATCH);
          unacked = extra;
        } finally {
          db.close();
        }
      }
      expect(acked.size).toBeGreaterThan(KILLS);
    } finally {
      tmp.remove();
    }
  },
  KILLS * 5_000,
);
