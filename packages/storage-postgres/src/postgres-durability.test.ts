/**
 * SIGKILL durability on Postgres: a writer process is killed at random moments while sending;
 * after each kill every acknowledged message must be stored with the seq it was acknowledged
 * with, seqs must have no gaps (the killed transaction gives its seqs back), and rows nobody
 * acknowledged may only be the batch in flight at the kill. LAIR_DURABILITY_KILLS sets the
 * number of kills (default 20; the full run uses 200).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { createPostgresStorage } from "./postgres-storage.ts";
import { DATABASE_URL, dropSchema, freshSchema, postgresAvailable } from "./test-env.ts";
import { addUser } from "./test-records.ts";

const KILLS = Number(process.env.LAIR_DURABILITY_KILLS ?? 20);
const MAX_BATCH = 10;
const tsx = createRequire(import.meta.url).resolve("tsx");
const writer = fileURLToPath(new URL("./durability-writer.ts", import.meta.url));
const available = await postgresAvailable();
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
afterAll(() => admin.end());

function runAndKill(schema: string, authorId: string): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsx, writer, DATABASE_URL, schema, authorId], {
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
      for (const line of out.split("\n").slice(0, -1)) {
        const [tag, id, seq] = line.split(" ");
        if (tag === "ack") acks.set(id!, Number(seq));
      }
      resolve(acks);
    });
  });
}

it.skipIf(!available)(
  `every acknowledged message survives ${KILLS} SIGKILLs of the writer, without gaps`,
  async () => {
    const schema = freshSchema("dur");
    try {
      const setup = createPostgresStorage({ url: DATABASE_URL, schema });
      await setup.init();
      const author = await addUser(setup, "writer");
      await setup.close();

      const acked = new Map<string, number>();
      let unacked = 0;
      for (let kill = 0; kill < KILLS; kill++) {
        for (const [id, seq] of await runAndKill(schema, author.id)) acked.set(id, seq);
        // A killed session's open transaction is invisible here and rolled back when its socket closes.
        const { rows } = await admin.query(
          `SELECT id, seq FROM "${schema}".messages WHERE conversation = 'room:durability' ORDER BY seq`,
        );
        const stored = new Map(rows.map((r: { id: string; seq: string }) => [r.id, Number(r.seq)]));
        for (const [id, seq] of acked) expect(stored.get(id), `acknowledged ${id}`).toBe(seq);
        expect(rows.map((r: { seq: string }) => Number(r.seq))).toEqual(
          rows.map((_: unknown, i: number) => i + 1),
        );
        const extra = rows.length - acked.size;
        expect(extra - unacked).toBeLessThanOrEqual(MAX_BATCH);
        unacked = extra;
      }
      expect(acked.size).toBeGreaterThan(KILLS);
    } finally {
      await dropSchema(admin, schema);
    }
  },
  KILLS * 5_000,
);
