/**
 * Three server nodes in one process, each with its own HTTP server on an ephemeral port,
 * sharing one store: first on the in-process bus (shared memory storage and limiter), then on
 * Redis (RedisBus, the Redis rate limiter, and Postgres in a fresh schema when it answers).
 * Clients are spread across the nodes; nothing is sticky.
 */
import { randomBytes } from "node:crypto";
import {
  createInProcessBus,
  createInProcessHub,
  createMemoryRateLimiter,
  type LairBus,
  type LairServerOptions,
  type RateLimiter,
  type Storage,
} from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { createPostgresStorage } from "@lair-chat/storage-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisBus, createRedisRateLimiter } from "../packages/bus-redis/src/index.ts";
import {
  deleteKeys,
  freshKeyPrefix,
  redisTarget,
} from "../packages/bus-redis/test-support/redis-test-env.ts";
import type { Msg, TestClient } from "./realtime-client.ts";
import { type Account, type Harness, PASSWORD, startHarness, within } from "./realtime-harness.ts";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const redis = await redisTarget();

/** Fast liveness so a vanished node is noticed quickly in tests. */
const TIMING = { heartbeatMs: 200, nodeTimeoutMs: 2000 };
const LIMITS: LairServerOptions["rateLimits"] = {
  auth: { limit: 4, windowMs: 60_000 },
  messages: { limit: 1000, windowMs: 60_000 },
  roomCreation: { limit: 3, windowMs: 3_600_000 },
  general: false,
};

interface Backend {
  bus(): LairBus;
  limiter: RateLimiter;
  storages: Storage[];
  cleanup(): Promise<void>;
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function inProcessBackend(): Backend {
  const hub = createInProcessHub();
  const storage = createMemoryStorage();
  return {
    bus: () => createInProcessBus({ hub, ...TIMING }),
    limiter: createMemoryRateLimiter(),
    storages: [storage, storage, storage],
    async cleanup() {},
  };
}

async function redisBackend(url: string): Promise<Backend> {
  const keyPrefix = freshKeyPrefix();
  const limiter = createRedisRateLimiter({ url, keyPrefix });
  let storages: Storage[];
  let dropSchema = async () => {};
  if (await postgresAnswers()) {
    // One pool per node, as separate processes would have; one schema for the cluster.
    const schema = `lair_test_${process.pid}_${randomBytes(4).toString("hex")}_cluster`;
    // Queries still running when the test closes the pools are aborted: not worth a warning.
    storages = [0, 1, 2].map(() =>
      createPostgresStorage({ url: DATABASE_URL, schema, pool: { max: 4 }, onWarning: () => {} }),
    );
    dropSchema = async () => {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    };
  } else {
    console.warn("cluster on Redis: Postgres unreachable, the nodes share a memory storage instead");
    const shared = createMemoryStorage();
    storages = [shared, shared, shared];
  }
  return {
    bus: () => createRedisBus({ url, keyPrefix, ...TIMING }),
    limiter,
    storages,
    async cleanup() {
      await limiter.close();
      for (const s of new Set(storages)) await s.close();
      await dropSchema();
      await deleteKeys(url, keyPrefix);
    },
  };
}

let ipCounter = 0;
/** A client address of its own, so per-address auth limits do not mix tests up. */
const freshIp = () => `198.51.100.${(++ipCounter % 250) + 1}`;

async function api(
  node: Harness,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; ip?: string } = {},
) {
  const headers: Record<string, string> = { "x-forwarded-for": options.ip ?? freshIp() };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${node.httpUrl}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Msg };
}

async function register(node: Harness, name: string): Promise<Account> {
  const username = `${name}_${randomBytes(3).toString("hex")}`;
  const res = await api(node, "POST", "/api/v1/auth/register", {
    body: { username, email: `${username}@example.com`, password: PASSWORD },
  });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as unknown as Account;
}

async function ok(c: TestClient, type: string, body: Msg = {}): Promise<Msg> {
  const res = await c.request(type, body);
  if (res.success !== true) throw new Error(`${type}: ${JSON.stringify(res)}`);
  return res;
}

const waitUntil = async (condition: () => boolean | Promise<boolean>, what: string, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const kinds: Array<[string, () => Promise<Backend>, boolean]> = [
  ["in-process bus", async () => inProcessBackend(), true],
  ["Redis bus", () => redisBackend(redis.ok ? redis.url : ""), redis.ok],
];

describe.each(kinds)("three nodes on the %s", (_name, makeBackend, available) => {
  let backend: Backend;
  let nodes: Harness[];

  beforeAll(async () => {
    if (!available) return;
    backend = await makeBackend();
    nodes = [];
    for (const storage of backend.storages) {
      nodes.push(
        await startHarness({
          storage,
          bus: backend.bus(),
          rateLimiter: backend.limiter,
          rateLimits: LIMITS,
          trustProxy: true,
          // A tab closing while another opens elsewhere must not flap (see the presence test).
          presenceGraceMs: 300,
        }),
      );
    }
    await waitUntil(() => nodes.every((n) => n.lair.bus.nodes().length === 2), "the nodes to meet");
  });

  afterAll(async () => {
    if (!available) return;
    for (const n of nodes) await n.close();
    await backend.cleanup();
  });

  /** Six users spread over the nodes (u0 and u1 with a second tab elsewhere) each send 15 messages to one room. */
  async function busyRoom() {
    const accounts = await Promise.all(
      ["u0", "u1", "u2", "u3", "u4", "u5"].map((n, i) => register(nodes[i % 3]!, n)),
    );
    const tabs: Array<{ who: number; client: TestClient }> = [];
    for (const [i, acct] of accounts.entries()) {
      tabs.push({ who: i, client: await nodes[i % 3]!.connect("ws", acct, ["seq", "idempotency"]) });
    }
    for (const i of [0, 1])
      tabs.push({ who: i, client: await nodes[(i + 1) % 3]!.connect("ws", accounts[i]!, ["seq"]) });
    const roomId = String(
      (
        (await ok(tabs[0]!.client, "create_room", { name: `busy-${randomBytes(3).toString("hex")}` }))
          .room as Msg
      ).id,
    );
    for (const t of tabs.slice(1, 6)) await ok(t.client, "join_room", { room_id: roomId });
    const target = { type: "room", room_id: roomId };
    const sent = await Promise.all(
      tabs.slice(0, 6).map(async (t) => {
        const ids: string[] = [];
        for (let k = 0; k < 15; k++) {
          ids.push(
            String(
              ((await ok(t.client, "send_message", { target, content: `m${t.who}-${k}` })).message as Msg).id,
            ),
          );
        }
        return ids;
      }),
    );
    const all = new Set(sent.flat());
    const roomEvents = (c: TestClient) =>
      c.received.filter(
        (m) =>
          m.type === "message_received" && ((m.message as Msg).target as Msg | undefined)?.room_id === roomId,
      );
    await waitUntil(
      () => tabs.every((t) => roomEvents(t.client).length >= all.size),
      "every tab to receive every message",
    );
    // A round trip through every node, for duplicates (if any) to show up behind the last message.
    for (const t of tabs) await t.client.request("ping");
    for (const t of tabs) t.client.close();
    return { all, tabs: tabs.map((t) => ({ who: t.who, events: roomEvents(t.client) })) };
  }

  it.skipIf(!available)("delivers every room message to every member's every tab exactly once", async () => {
    const { all, tabs } = await busyRoom();
    expect(all.size).toBe(90);
    for (const t of tabs) {
      const ids = t.events.map((e) => String((e.message as Msg).id));
      expect(new Set(ids).size, `tab of u${t.who}: duplicates`).toBe(ids.length);
      expect(new Set(ids)).toEqual(all);
    }
  });

  // Events committed on different nodes reach a third node on different bus connections (two
  // Redis connections, or two senders of the hub); the engine's sequencer restores seq order.
  it.skipIf(!available)("delivers each room's messages to every tab in seq order", async () => {
    const { tabs } = await busyRoom();
    for (const t of tabs) {
      const seqs = t.events.map((e) => Number(e.seq));
      expect(seqs, `tab of u${t.who}: out of seq order`).toEqual([...seqs].sort((x, y) => x - y));
      // Room creation is not in the log, so the 90 messages are seq 1..90: no gap either.
      expect(seqs, `tab of u${t.who}: a gap`).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    }
  });

  it.skipIf(!available)(
    "counts a user with tabs on two nodes as one online user, seen from the third",
    async () => {
      const [watcher, roamer] = await Promise.all([
        register(nodes[0]!, "watch"),
        register(nodes[1]!, "roam"),
      ]);
      const w = await nodes[0]!.connect("ws", watcher!);
      const roomId = String(
        ((await ok(w, "create_room", { name: `presence-${randomBytes(3).toString("hex")}` })).room as Msg).id,
      );
      const tab1 = await nodes[1]!.connect("ws", roamer!);
      await ok(tab1, "join_room", { room_id: roomId });
      const isOnline = async (node: Harness) =>
        (await api(node, "GET", `/api/v1/users/${roamer!.user.id}`, { token: watcher!.token })).body
          .online === true;
      await waitUntil(
        async () => (await isOnline(nodes[0]!)) && (await isOnline(nodes[2]!)),
        "the roamer online everywhere",
      );
      const tab2 = await nodes[2]!.connect("ws", roamer!);
      tab1.close();
      await tab1.closed;
      const onlineEvents = () =>
        w.received.filter((m) => m.user_id === roamer!.user.id && String(m.type).startsWith("user_o"));
      // The first tab's departure must not make the roamer offline: a later check shows still online.
      await w.request("ping");
      expect(await isOnline(nodes[0]!)).toBe(true);
      tab2.close();
      await waitUntil(async () => !(await isOnline(nodes[0]!)), "the roamer offline after the last tab");
      await waitUntil(
        () => onlineEvents().some((m) => m.type === "user_offline"),
        "user_offline at the watcher",
      );
      expect(onlineEvents().map((m) => m.type)).toEqual(["user_offline"]);
      w.close();
    },
  );

  it.skipIf(!available)("closes a revoked session's sockets on every node within 2 s", async () => {
    const acct = await register(nodes[0]!, "revoked");
    const clients = await Promise.all(nodes.map((n) => n.connect("ws", acct)));
    const res = await api(nodes[1]!, "POST", "/api/v1/auth/logout", { token: acct.token });
    expect(res.status).toBe(200);
    const closes = await within(2000, Promise.all(clients.map((c) => c.closed)), "close of every socket");
    expect(closes).toHaveLength(3);
    for (const n of nodes) {
      expect((await api(n, "GET", "/api/v1/users/me", { token: acct.token })).body.error).toMatchObject({
        code: "session_not_found",
      });
    }
  });

  it.skipIf(!available)("relays typing to members on other nodes", async () => {
    const [a, b] = await Promise.all([register(nodes[0]!, "typer"), register(nodes[2]!, "reader")]);
    const ca = await nodes[0]!.connect("ws", a!);
    const cb = await nodes[2]!.connect("ws", b!);
    const roomId = String(
      ((await ok(ca, "create_room", { name: `typing-${randomBytes(3).toString("hex")}` })).room as Msg).id,
    );
    await ok(cb, "join_room", { room_id: roomId });
    ca.send({ type: "typing", target: { type: "room", room_id: roomId } });
    expect(await within(5000, cb.waitForType("user_typing"), "user_typing")).toMatchObject({
      user_id: a!.user.id,
      target: { type: "room", room_id: roomId },
    });
    ca.close();
    cb.close();
  });

  it.skipIf(!available)(
    "shares rate limits across nodes: room creation per user, login attempts per address",
    async () => {
      const acct = await register(nodes[0]!, "limited");
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await api(nodes[i % 3]!, "POST", "/api/v1/rooms", {
          token: acct.token,
          body: { name: `lim-${randomBytes(3).toString("hex")}` },
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
      const ip = "203.0.113.9";
      const logins: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await api(nodes[i % 3]!, "POST", "/api/v1/auth/login", {
          ip,
          body: { identifier: acct.user.username, password: "wrong-password" },
        });
        logins.push(res.status);
      }
      expect(logins).toEqual([401, 401, 401, 401, 429]);
    },
  );
});
