/**
 * The outbox survives a hard kill: a Node client queues messages in a file outbox, is killed
 * with SIGKILL while sending, and a new process on the same file delivers the rest; the server
 * ends with every message exactly once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLairClient } from "@lair-chat/client/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { registerOn, serverTruth, startServer, type TestServer, uniqueName } from "./client-fixtures.ts";

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startServer();
  dir = await mkdtemp(join(tmpdir(), "lair-outbox-restart-"));
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function child(env: Record<string, string>): {
  proc: ChildProcess;
  lines: string[];
  waitFor: (line: string) => Promise<void>;
} {
  const proc = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", join(import.meta.dirname, "client-outbox-child.ts")],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines: string[] = [];
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  let buffer = "";
  proc.stdout!.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((w) => line.startsWith(w.line))) w.resolve();
    }
  });
  return {
    proc,
    lines,
    waitFor: (line) =>
      lines.some((l) => l.startsWith(line))
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            waiters.push({ line, resolve });
            proc.once("exit", (code) => reject(new Error(`child exited (${code}) before "${line}"`)));
          }),
  };
}

it("delivers every queued message exactly once across a SIGKILL and restart", async () => {
  const owner = createLairClient({ baseUrl: server.baseUrl });
  const auth = await registerOn(owner, "durable");
  const { room } = await owner.rooms.create({ name: uniqueName("durable") });
  const count = 40;
  const env = {
    BASE_URL: server.baseUrl,
    TOKEN: auth.token,
    ROOM_ID: room.id,
    OUTBOX_PATH: join(dir, "outbox.json"),
    COUNT: String(count),
  };

  const first = child({ ...env, MODE: "queue" });
  await first.waitFor("queued");
  // Let a few go out, then kill without warning, mid-stream.
  await first.waitFor("sent");
  first.proc.kill("SIGKILL");
  await new Promise((resolve) => first.proc.once("exit", resolve));
  const sentBeforeKill = first.lines.filter((l) => l === "sent").length;
  const left = JSON.parse(await readFile(env.OUTBOX_PATH, "utf8")) as unknown[];
  expect(left.length).toBeGreaterThan(0);
  expect(sentBeforeKill).toBeLessThan(count);

  const second = child({ ...env, MODE: "deliver" });
  await second.waitFor("done");
  const restored = Number(second.lines.find((l) => l.startsWith("restored"))!.split(" ")[1]);
  expect(restored).toBe(left.length);

  const truth = await serverTruth(owner, room.id);
  const history = await owner.messages.history({
    target: { type: "room", room_id: room.id },
    afterSeq: 0,
    limit: 100,
  });
  const contents = history.messages.map((m) => m.content);
  expect(truth).toHaveLength(count);
  expect(contents).toEqual(Array.from({ length: count }, (_, i) => `durable ${i}`));
  expect(JSON.parse(await readFile(env.OUTBOX_PATH, "utf8"))).toEqual([]);
  owner.close();
});
