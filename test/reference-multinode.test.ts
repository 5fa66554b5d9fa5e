/**
 * The reference server in multi-node mode: two `lair-chat-server` instances sharing Postgres
 * (a fresh schema) and Redis (a fresh key prefix). A message sent over HTTP on node A reaches
 * a WebSocket on node B.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectWebSocket, whenOpen } from "@lair-chat/protocol";
import { parseConfig, type RunningServer, startReferenceServer } from "@lair-chat/reference-server";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deleteKeys,
  freshKeyPrefix,
  redisTarget,
} from "../packages/bus-redis/test-support/redis-test-env.ts";
import {
  DATABASE_URL,
  freshSchema,
  postgresAvailable,
} from "../packages/storage-postgres/test-support/test-env.ts";

const services = { ok: false };
const schema = freshSchema("ref");
const prefix = freshKeyPrefix();
let dir = "";
let redisUrl = "";
const nodes: RunningServer[] = [];

beforeAll(async () => {
  const redis = await redisTarget();
  const pgUp = await postgresAvailable();
  services.ok = redis.ok && pgUp;
  if (!services.ok) return;
  redisUrl = redis.ok ? redis.url : "";
  dir = await mkdtemp(join(tmpdir(), "lair-multinode-"));
  for (const name of ["a", "b"]) {
    const parsed = parseConfig([], {
      LAIR_HOST: "127.0.0.1",
      LAIR_HTTP_PORT: "0",
      LAIR_TCP_PORT: "0",
      LAIR_DATA_DIR: join(dir, name),
      LAIR_DATABASE_URL: DATABASE_URL,
      LAIR_DATABASE_SCHEMA: schema,
      LAIR_REDIS_URL: redisUrl,
      LAIR_REDIS_PREFIX: prefix,
      LAIR_JWT_SECRET: "a-shared-secret-of-at-least-32-characters!",
    });
    if (parsed.help) throw new Error("unexpected --help");
    nodes.push(await startReferenceServer(parsed.config, { logger: pino({ level: "silent" }) }));
  }
}, 60_000);

afterAll(async () => {
  for (const node of nodes) await node.close();
  if (!services.ok) return;
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
  await deleteKeys(redisUrl, prefix);
  await rm(dir, { recursive: true, force: true });
});

async function post(base: string, path: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

describe("reference server, multi-node", () => {
  it("delivers a message sent on node A to a WebSocket on node B", async (ctx) => {
    if (!services.ok) ctx.skip();
    const [a, b] = nodes as [RunningServer, RunningServer];
    const alice = await post(a.httpUrl, "/auth/register", {
      username: "alice",
      email: "alice@example.com",
      password: "password-1",
    });
    const bob = await post(b.httpUrl, "/auth/register", {
      username: "bob",
      email: "bob@example.com",
      password: "password-2",
    });
    const { room } = await post(a.httpUrl, "/rooms", { name: "cluster-room" }, alice.token);
    await post(b.httpUrl, `/rooms/${room.id}/join`, {}, bob.token);

    const ws = connectWebSocket(`${b.httpUrl.replace("http", "ws")}/ws?token=${bob.token}`);
    const frames: any[] = [];
    ws.on("message", (m) => frames.push(JSON.parse(m)));
    await whenOpen(ws);
    await expect.poll(() => frames.some((f) => f.type === "authenticate_response")).toBe(true);

    await post(
      a.httpUrl,
      "/messages",
      { target: { type: "room", room_id: room.id }, content: "hello from A" },
      alice.token,
    );
    await expect
      .poll(() => frames.find((f) => f.type === "message_received")?.message?.content, { timeout: 10_000 })
      .toBe("hello from A");
    ws.close();
  });
});
