/**
 * `node --conditions=source --import tsx bench/storage/sqlite-checkpoints.ts [commits] [rounds]`:
 * single-message commits in a row on SQLite (NORMAL), with SQLite's own checkpoints (inside the
 * commit that crosses 1,000 WAL pages) and with the adapter's background checkpoints, rounds
 * alternating. Prints wall time, process CPU per commit and the commit latency percentiles.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSqliteStorage } from "@lair-chat/storage-sqlite";
import { addUser } from "../../packages/storage-knex/test-support/test-records.ts";

const commits = Number(process.argv[2] ?? 5000);
const rounds = Number(process.argv[3] ?? 2);

async function run(mode: "inline" | "background"): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "lair-ckpt-"));
  const storage = createSqliteStorage({
    filename: join(dir, "chat.db"),
    ...(mode === "inline" ? { backgroundCheckpointMs: false as const } : {}),
  });
  try {
    await storage.init();
    const author = (await addUser(storage, "bench")).id;
    const conversation = `dm:${author}:${author}`;
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < commits; i++) {
      const t = performance.now();
      await storage.appendMessage({
        id: randomUUID(),
        conversation,
        roomId: null,
        recipientId: author,
        authorId: author,
        content: "x".repeat(100),
        clientMessageId: randomUUID(),
        createdAt: Date.now(),
      });
      times.push(performance.now() - t);
    }
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    times.sort((a, b) => a - b);
    const q = (p: number) => (times[Math.floor(p * (times.length - 1))] ?? 0).toFixed(2);
    return `${mode.padEnd(10)} ${commits} commits in ${wall.toFixed(0)} ms; CPU ${((cpu.user + cpu.system) / commits).toFixed(0)} µs/commit; latency p50 ${q(0.5)} / p99 ${q(0.99)} / p99.9 ${q(0.999)} / max ${q(1)} ms`;
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (let r = 0; r < rounds; r++) {
  console.log(await run("inline"));
  console.log(await run("background"));
}
