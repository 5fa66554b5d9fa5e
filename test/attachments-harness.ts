/**
 * Shared by the attachment tests: a server with attachments on memory, SQLite or Postgres
 * storage (Postgres in a fresh schema; unreachable fails in CI, skips locally), a blob
 * directory of its own, and small helpers to upload and download over real HTTP.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AttachmentOptions, Storage } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { createPostgresStorage } from "@lair-chat/storage-postgres";
import { createSqliteStorage } from "@lair-chat/storage-sqlite";
import pg from "pg";
import {
  DATABASE_URL,
  freshSchema,
  postgresAvailable,
} from "../packages/storage-postgres/test-support/test-env.ts";
import { type Harness, type Json, startHarness } from "./http-harness.ts";

export type Backend = "memory" | "sqlite" | "postgres";

export interface AttachmentHarness extends Harness {
  blobDir: string;
  upload(token: string, bytes: Uint8Array, name: string, headers?: Record<string, string>): Promise<Upload>;
  download(token: string, id: string, headers?: Record<string, string>): Promise<Download>;
}

export interface Upload {
  status: number;
  body: Json;
}

export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

export const postgresReady = await postgresAvailable();

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function openStorage(
  backend: Backend,
  dir: string,
): Promise<{ storage: Storage; drop(): Promise<void> }> {
  if (backend === "memory") return { storage: createMemoryStorage(), drop: async () => {} };
  if (backend === "sqlite") {
    return { storage: createSqliteStorage({ filename: join(dir, "chat.db") }), drop: async () => {} };
  }
  const schema = freshSchema("attach");
  const storage = createPostgresStorage({ url: DATABASE_URL, schema, pool: { max: 4 }, onWarning: () => {} });
  return {
    storage,
    async drop() {
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

export async function startAttachmentHarness(
  backend: Backend,
  attachments: Omit<AttachmentOptions, "directory" | "blobStore"> = {},
): Promise<AttachmentHarness> {
  const dir = await mkdtemp(join(tmpdir(), `lair-attach-${backend}-`));
  const blobDir = join(dir, "blobs");
  const { storage, drop } = await openStorage(backend, dir);
  const h = await startHarness({
    storage: storage as never,
    attachments: { directory: blobDir, gcIntervalMs: 0, ...attachments },
  });
  return {
    ...h,
    blobDir,
    async upload(token, bytes, name, headers = {}) {
      const res = await fetch(`${h.base}/api/v1/attachments?name=${encodeURIComponent(name)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream", ...headers },
        body: Buffer.from(bytes),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    async download(token, id, headers = {}) {
      const res = await fetch(`${h.base}/api/v1/attachments/${id}`, {
        headers: { authorization: `Bearer ${token}`, ...headers },
      });
      return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
    },
    async close() {
      await h.close();
      await storage.close();
      await drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A valid PNG header (signature + IHDR) of `width`×`height`, padded with `extra` random-ish bytes. */
export function pngBytes(width: number, height: number, extra = 64): Uint8Array {
  const out = Buffer.alloc(33 + extra);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(out, 0);
  out.writeUInt32BE(13, 8);
  out.write("IHDR", 12, "ascii");
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.set([8, 6, 0, 0, 0], 24);
  for (let i = 33; i < out.length; i++) out[i] = (i * 7 + 3) & 0xff;
  return out;
}

/** `size` bytes of binary filler (never sniffed as text or an image). */
export function binaryBytes(size: number): Uint8Array {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = i % 251;
  return out;
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}
