/**
 * Storage outage: a throwaway cluster is stopped while writers are sending. Every call must
 * settle with `storage_unavailable` (nothing hangs, nothing crashes), and once the database is
 * back the same storage must work again within 10 s. Acknowledged messages must all be there,
 * with no seq gaps.
 */
import { randomUUID } from "node:crypto";
import type { NewMessage } from "@lair-chat/server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addUser } from "../../storage-knex/test-support/test-records.ts";
import { clusterUnsupportedReason, ThrowawayCluster } from "../test-support/throwaway-cluster.ts";
import { createPostgresStorage, type PostgresStorage } from "./postgres-storage.ts";

const unsupported = clusterUnsupportedReason();
if (unsupported) {
  if (process.env.CI === "true") throw new Error(`outage test cannot run: ${unsupported}`);
  console.warn(`storage-postgres outage test skipped: ${unsupported}`);
}

let cluster: ThrowawayCluster | undefined;
let storage: PostgresStorage | undefined;
const warnings: string[] = [];

beforeAll(async () => {
  if (unsupported) return;
  cluster = await ThrowawayCluster.create();
  storage = createPostgresStorage({
    url: cluster.url,
    pool: { max: 4 },
    acquireTimeoutMs: 3000,
    connectTimeoutMs: 2000,
    onWarning: (w) => warnings.push(w),
  });
  await storage.init();
}, 60_000);

afterAll(async () => {
  await storage?.close();
  await cluster?.destroy();
}, 60_000);

const message = (authorId: string): NewMessage => ({
  id: randomUUID(),
  conversation: "room:outage",
  roomId: null,
  recipientId: null,
  authorId,
  content: "load",
  clientMessageId: randomUUID(),
  createdAt: Date.now(),
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it.skipIf(unsupported !== null)(
  "stopping Postgres mid-load gives storage_unavailable, and the pool recovers when it returns",
  async () => {
    const s = storage!;
    const user = await addUser(s, "load");
    const acknowledged: { id: string; seq: number }[] = [];
    const failures: unknown[] = [];
    let stopLoad = false;

    // 4 writers sending as fast as they can until told to stop.
    const writers = Array.from({ length: 4 }, async () => {
      while (!stopLoad) {
        try {
          const { message: m } = await s.appendMessage(message(user.id));
          acknowledged.push({ id: m.id, seq: m.seq });
        } catch (error) {
          failures.push(error);
          await sleep(20);
        }
      }
    });

    while (acknowledged.length < 50) await sleep(10);
    await cluster!.stop();
    const beforeOutage = acknowledged.length;

    // While the database is down, every call settles, and only as storage_unavailable.
    await expect(s.ping()).rejects.toMatchObject({ name: "LairError", code: "storage_unavailable" });
    await expect(s.getUser(user.id)).rejects.toMatchObject({ code: "storage_unavailable" });
    while (failures.length < 8) await sleep(20);
    for (const error of failures) {
      expect(error).toMatchObject({ name: "LairError", code: "storage_unavailable" });
      expect((error as Error).cause).toBeDefined();
    }

    await cluster!.start();
    const deadline = Date.now() + 10_000;
    let recovered = false;
    while (!recovered && Date.now() < deadline) {
      recovered = await s.ping().then(
        () => true,
        () => false,
      );
      if (!recovered) await sleep(200);
    }
    expect(recovered, "the pool answers again within 10 s of the database returning").toBe(true);

    const afterRestart = acknowledged.length;
    while (acknowledged.length < afterRestart + 20) await sleep(10);
    stopLoad = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(beforeOutage);
    // Failed reconnects went to onWarning, not to the console.
    expect(warnings.some((w) => /ECONNREFUSED|starting up|shutting down|terminat/i.test(w))).toBe(true);

    // Every acknowledged message is stored with the seq it was acknowledged with; no gaps.
    const page = await s.listMessages("room:outage", { limit: 100_000, afterSeq: 0 });
    const stored = new Map(page.map((m) => [m.id, m.seq]));
    for (const ack of acknowledged) expect(stored.get(ack.id)).toBe(ack.seq);
    expect(page.map((m) => m.seq)).toEqual(page.map((_, i) => i + 1));
    expect(await s.lastSeq("room:outage")).toBe(page.length);
  },
  90_000,
);
