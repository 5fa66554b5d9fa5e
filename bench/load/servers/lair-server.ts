/**
 * Our server for the load runs: `createLairServer` on a plain `http.Server` (WebSocket at
 * `/ws`) plus the TCP endpoint, with the storage named by BENCH_LAIR_STORAGE (`memory`,
 * `sqlite` — NORMAL, in a temporary file — or `postgres`, in a fresh schema dropped on stop).
 * Rate limits are off and the connection caps raised: the generator is one address. Setup
 * writes users, sessions, rooms and memberships straight into storage and signs tokens the way
 * the server does, so thousands of clients exist without thousands of argon2 hashes and
 * without O(n²) join events; everything measured afterwards goes through the wire.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRedisBus } from "@lair-chat/bus-redis";
import { createLairServer, type Storage } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { createPostgresStorage } from "@lair-chat/storage-postgres";
import { createSqliteStorage } from "@lair-chat/storage-sqlite";
import { SignJWT } from "jose";
import pg from "pg";
import { envChoice } from "../../lib/args.ts";
import { type SetupRequest, serveIpc } from "./child-ipc.ts";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// A cluster (bench/cluster/) gives every node the same secret, schema and Redis key prefix.
const secret = process.env.BENCH_LAIR_SECRET
  ? Buffer.from(process.env.BENCH_LAIR_SECRET, "hex")
  : randomBytes(32);
const sharedSchema = process.env.BENCH_LAIR_SCHEMA;
const redisUrl = process.env.BENCH_LAIR_REDIS_URL;
const kind = envChoice("BENCH_LAIR_STORAGE", ["memory", "sqlite", "postgres"], "memory");

async function openStorage(): Promise<{ storage: Storage; dispose: () => Promise<void> }> {
  if (kind === "memory") return { storage: createMemoryStorage(), dispose: async () => {} };
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "lair-load-"));
    const storage = createSqliteStorage({ filename: join(dir, "chat.db"), synchronous: "NORMAL" });
    return { storage, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (kind === "postgres") {
    const schema = sharedSchema ?? `lair_load_${process.pid}_${randomBytes(4).toString("hex")}`;
    const storage = createPostgresStorage({ url: DATABASE_URL, schema });
    return {
      storage,
      async dispose() {
        // A shared schema belongs to whoever started the cluster: other nodes still use it.
        if (sharedSchema) return;
        const client = new pg.Client({ connectionString: DATABASE_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      },
    };
  }
  throw new RangeError(`BENCH_LAIR_STORAGE: expected memory, sqlite or postgres, got ${kind}`);
}

const { storage, dispose } = await openStorage();
const lair = createLairServer({
  storage,
  jwtSecret: secret,
  rateLimits: false,
  maxConnections: 50_000,
  maxConnectionsPerAddress: 50_000,
  idleTimeoutMs: 600_000,
  serverName: "lair-bench",
  ...(redisUrl
    ? {
        bus: createRedisBus({ url: redisUrl, keyPrefix: process.env.BENCH_LAIR_KEY_PREFIX ?? "lair-bench:" }),
      }
    : {}),
});
await lair.ready();
const http = createServer((_req, res) => res.writeHead(404).end());
lair.attach(http);
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const tcp = await lair.listenTcp({ port: 0, host: "127.0.0.1" });
const address = http.address();
if (address === null || typeof address === "string") throw new Error("no port");

async function setup({ users, rooms }: SetupRequest) {
  const now = Date.now();
  const expiresAt = now + 3_600_000;
  const ids: string[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < users; i++) {
    const id = crypto.randomUUID();
    const username = `u${i}_${id.slice(0, 6)}`;
    await storage.createUser({
      id,
      username,
      email: `${username}@bench.test`,
      passwordHash: "!",
      role: "user",
      createdAt: now,
      updatedAt: now,
      lastSeenAt: null,
      bannedAt: null,
      deletedAt: null,
    });
    const sid = crypto.randomUUID();
    await storage.createSession({
      id: sid,
      userId: id,
      createdAt: now,
      expiresAt,
      lastActiveAt: now,
      revokedAt: null,
      revokedReason: null,
      protocol: "websocket",
      ipAddress: null,
      userAgent: null,
    });
    ids.push(id);
    tokens.push(
      await new SignJWT({ sid, username, role: "user" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(id)
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .sign(secret),
    );
  }
  const roomIds: string[] = [];
  for (const [r, members] of rooms.entries()) {
    const roomId = crypto.randomUUID();
    const owner = ids[members[0]!]!;
    await storage.createRoom(
      {
        id: roomId,
        name: `bench-${r}-${roomId.slice(0, 6)}`,
        description: null,
        ownerId: owner,
        isPrivate: false,
        maxMembers: null,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      },
      { roomId, userId: owner, role: "owner", joinedAt: now },
    );
    for (const m of members.slice(1))
      await storage.addMember({ roomId, userId: ids[m]!, role: "member", joinedAt: now }, 100_000);
    roomIds.push(roomId);
  }
  return { tokens, roomIds };
}

serveIpc(
  { ws: address.port, tcp: tcp.port },
  {
    setup,
    async stop() {
      await lair.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await storage.close();
      await dispose();
    },
  },
);
