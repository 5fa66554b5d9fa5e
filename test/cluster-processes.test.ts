/**
 * A node in its own process, killed with SIGKILL mid-stream: two nodes in this process and one
 * child process share Postgres (fresh schema) and Redis (fresh key prefix). The dead node's
 * client reconnects to a survivor and resumes with nothing lost; a user connected only there
 * goes offline for the others, and comes back online when they reconnect elsewhere.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { roomConversationKey } from "@lair-chat/protocol";
import { createPostgresStorage, type PostgresStorage } from "@lair-chat/storage-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisBus } from "../packages/bus-redis/src/index.ts";
import {
  deleteKeys,
  freshKeyPrefix,
  redisTarget,
} from "../packages/bus-redis/test-support/redis-test-env.ts";
import { type Msg, TestClient } from "./realtime-client.ts";
import { type Account, type Harness, startHarness } from "./realtime-harness.ts";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECRET = "realtime-test-secret-0123456789abcdef";
const TIMING = { heartbeatMs: 200, nodeTimeoutMs: 2000 };
const redis = await redisTarget();

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (process.env.CI === "true") throw error;
    console.warn(`cluster processes: Postgres unreachable, skipped (${String(error)})`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const available = redis.ok && (await postgresAnswers());

/** The child node: the same server kit, on the same schema and key prefix, on its own port. */
const CHILD = `
import { createServer } from "node:http";
import { createLairServer } from "@lair-chat/server";
import { createPostgresStorage } from "@lair-chat/storage-postgres";
import { createRedisBus } from "@lair-chat/bus-redis";
const e = process.env;
const storage = createPostgresStorage({ url: e.T_DB, schema: e.T_SCHEMA, pool: { max: 4 }, onWarning: () => {} });
const bus = createRedisBus({ url: e.T_REDIS, keyPrefix: e.T_PREFIX, heartbeatMs: ${TIMING.heartbeatMs}, nodeTimeoutMs: ${TIMING.nodeTimeoutMs} });
const lair = createLairServer({ storage, jwtSecret: e.T_SECRET, rateLimits: false, bus });
await lair.ready();
const http = createServer((_q, s) => { s.statusCode = 404; s.end(); });
lair.attach(http);
http.listen(0, "127.0.0.1", () => console.log("PORT " + http.address().port + " NODE " + bus.nodeId));
`;

function startChild(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; nodeId: string }> {
  const child = spawn(
    process.execPath,
    ["--conditions=source", "--import", "tsx", "--input-type=module", "-e", CHILD],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let err = "";
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += String(d);
      const m = /PORT (\d+) NODE (\S+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), nodeId: m[2]! });
    });
    child.on("exit", (code) => reject(new Error(`child node exited (${code}): ${err.slice(-2000)}`)));
  });
}

const waitUntil = async (condition: () => boolean, what: string, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

async function wsClient(port: number, acct: Account, features: string[]): Promise<TestClient> {
  const c = await TestClient.ws(`ws://127.0.0.1:${port}/ws`);
  await c.authenticate(acct.token, features);
  return c;
}

async function ok(c: TestClient, type: string, body: Msg = {}): Promise<Msg> {
  const res = await c.request(type, body);
  if (res.success !== true) throw new Error(`${type}: ${JSON.stringify(res)}`);
  return res;
}

describe.skipIf(!available)("a node process killed with SIGKILL", () => {
  const schema = `lair_test_${process.pid}_${randomBytes(4).toString("hex")}_kill`;
  const keyPrefix = freshKeyPrefix();
  const storages: PostgresStorage[] = [];
  const nodes: Harness[] = [];
  let child: ChildProcess | undefined;
  let childPort = 0;
  let childNode = "";

  beforeAll(async () => {
    const url = redis.ok ? redis.url : "";
    for (let i = 0; i < 2; i++) {
      const storage = createPostgresStorage({
        url: DATABASE_URL,
        schema,
        pool: { max: 4 },
        onWarning: () => {},
      });
      storages.push(storage);
      nodes.push(
        await startHarness({
          storage,
          jwtSecret: SECRET,
          bus: createRedisBus({ url, keyPrefix, ...TIMING }),
        }),
      );
    }
    const started = await startChild({
      T_DB: DATABASE_URL,
      T_SCHEMA: schema,
      T_REDIS: url,
      T_PREFIX: keyPrefix,
      T_SECRET: SECRET,
    });
    child = started.child;
    childPort = started.port;
    childNode = started.nodeId;
    await waitUntil(() => nodes.every((n) => n.lair.bus.nodes().length === 2), "three nodes to meet");
  }, 60_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    for (const n of nodes) await n.close();
    for (const s of storages) await s.close();
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
    if (redis.ok) await deleteKeys(redis.url, keyPrefix);
  });

  it("loses no message for its client, which resumes on another node; its users go offline and come back", async () => {
    const [a, b] = nodes as [Harness, Harness];
    const [sender, reader, victim, watcher] = await Promise.all(
      ["snd", "rdr", "vic", "wat"].map((n) => a.register(`${n}${randomBytes(3).toString("hex")}`)),
    );
    const features = ["seq", "idempotency", "resume"];
    const cSender = await a.connect("ws", sender!);
    const cWatcher = await b.connect("ws", watcher!);
    const cReader = await wsClient(childPort, reader!, features);
    const cVictim = await wsClient(childPort, victim!, []);
    const roomId = String(
      ((await ok(cSender, "create_room", { name: `kill-${randomBytes(3).toString("hex")}` })).room as Msg).id,
    );
    for (const c of [cWatcher, cReader, cVictim]) await ok(c, "join_room", { room_id: roomId });
    const target = { type: "room", room_id: roomId };
    const isRoomMessage = (m: Msg) =>
      m.type === "message_received" && ((m.message as Msg).target as Msg)?.room_id === roomId;

    const total = 40;
    const sending = (async () => {
      for (let i = 0; i < total; i++) {
        await ok(cSender, "send_message", { target, content: `n${i}` });
        if (i === 14) child!.kill("SIGKILL");
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    // The reader's socket dies with the node; it reconnects to a survivor and resumes.
    await cReader.closed;
    const before = cReader.received.filter(isRoomMessage);
    const lastSeq = Math.max(0, ...before.map((m) => Number(m.seq)));
    const again = await wsClient(Number(new URL(b.httpUrl).port), reader!, features);
    const resumed = await ok(again, "resume", { since: { [roomConversationKey(roomId)]: lastSeq } });
    expect((resumed.results as Record<string, Msg>)[roomConversationKey(roomId)]).toMatchObject({
      recovered: true,
    });
    await sending;
    const seqsSeen = () =>
      new Set([...before, ...again.received.filter(isRoomMessage)].map((m) => Number(m.seq)));
    await waitUntil(() => seqsSeen().size >= total, "the reader to have every message");
    const contents = new Map(
      [...before, ...again.received.filter(isRoomMessage)].map((m) => [
        Number(m.seq),
        (m.message as Msg).content,
      ]),
    );
    expect([...contents.values()].sort()).toEqual(Array.from({ length: total }, (_, i) => `n${i}`).sort());

    // The victim was only on the dead node: offline for the watcher, then online again elsewhere.
    const presence = () => cWatcher.received.filter((m) => m.user_id === victim!.user.id).map((m) => m.type);
    await waitUntil(() => presence().includes("user_offline"), "the victim to go offline", 30_000);
    await waitUntil(
      () => nodes.every((n) => !n.lair.bus.nodes().includes(childNode)),
      "both survivors to drop the dead node",
    );
    const back = await a.connect("ws", victim!);
    await waitUntil(() => presence().at(-1) === "user_online", "the victim to come back online");
    for (const c of [cSender, cWatcher, again, back]) c.close();
  }, 90_000);
});
