/**
 * Redis restarted mid-stream under three nodes: a throwaway redis-server on its own port is
 * shut down (SHUTDOWN NOSAVE) while two nodes keep committing messages to one room, then
 * started again empty. Pub/sub loses what was published while the reader's node was not
 * subscribed; that node must fill the holes from storage when it resubscribes, so the reader
 * ends with every message exactly once, in seq order, without reconnecting or resuming. (The
 * sequencer's unit tests show the recovery alone filling a tail no later event reveals.)
 */
import { randomBytes } from "node:crypto";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisBus, type RedisBus } from "../packages/bus-redis/src/index.ts";
import { redisServerInstalled, ThrowawayRedis } from "../packages/bus-redis/test-support/throwaway-redis.ts";
import type { Msg, TestClient } from "./realtime-client.ts";
import { type Harness, startHarness } from "./realtime-harness.ts";

const hasServer = redisServerInstalled("the cluster Redis restart test");

async function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function ok(c: TestClient, type: string, body: Msg = {}): Promise<Msg> {
  const res = await c.request(type, body);
  if (res.success !== true) throw new Error(`${type}: ${JSON.stringify(res)}`);
  return res;
}

describe.skipIf(!hasServer)("three nodes when Redis restarts mid-stream", () => {
  let server: ThrowawayRedis | undefined;
  const nodes: Harness[] = [];
  afterAll(async () => {
    for (const n of nodes) await n.close();
    server?.kill();
  });

  it("leaves a connected reader with no gap and no duplicate", async () => {
    server = await ThrowawayRedis.start();
    const url = server.url;
    const keyPrefix = `lair-restart-${randomBytes(4).toString("hex")}:`;
    const storage = createMemoryStorage();
    const buses: RedisBus[] = [];
    const lost = new Set<string>();
    const back = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const bus = createRedisBus({ url, keyPrefix, heartbeatMs: 100, nodeTimeoutMs: 3000 });
      bus.onSubscriptionLost(() => lost.add(bus.nodeId));
      bus.onResubscribed(() => back.add(bus.nodeId));
      buses.push(bus);
      nodes.push(await startHarness({ storage, bus }));
    }
    await until(() => buses.every((b) => b.nodes().length === 2), "the nodes to meet");
    const [a, b, c] = nodes as [Harness, Harness, Harness];
    const tag = randomBytes(3).toString("hex");
    const [wa, wb, reader] = await Promise.all([
      a.register(`wa_${tag}`),
      b.register(`wb_${tag}`),
      c.register(`reader_${tag}`),
    ]);
    const ca = await a.connect("ws", wa, ["seq"]);
    const cb = await b.connect("ws", wb, ["seq"]);
    const cr = await c.connect("ws", reader, ["seq"]);
    const roomId = String(((await ok(ca, "create_room", { name: `restart-${tag}` })).room as Msg).id);
    await ok(cb, "join_room", { room_id: roomId });
    await ok(cr, "join_room", { room_id: roomId });
    const target = { type: "room", room_id: roomId };
    let sent = 0;
    const send = async (w: TestClient, tag: string, n: number) => {
      for (let k = 0; k < n; k++) {
        await ok(w, "send_message", { target, content: `${tag}${k}` });
        sent++;
      }
    };
    const roomMessages = () =>
      cr.received.filter(
        (m) => m.type === "message_received" && ((m.message as Msg).target as Msg).room_id === roomId,
      );

    await Promise.all([send(ca, "a", 20), send(cb, "b", 20)]);
    await until(() => roomMessages().length === 40, "the messages before the restart");

    await server.shutdown();
    await until(() => lost.size === 3, "every node to notice the lost subscription");
    // Committed while nobody can hear: these never cross the bus as they were sent.
    await Promise.all([send(ca, "x", 15), send(cb, "y", 15)]);
    await server.restart();
    await until(() => back.size === 3, "every node to resubscribe");
    // No newer event shows the reader's node a hole here: what its subscription missed comes
    // from its recovery on resubscription (publishes the writers' connections queued during
    // the outage and sent after it may arrive too; they must not show up twice).
    await until(() => roomMessages().length >= 70, "the messages of the outage");
    await Promise.all([send(ca, "p", 10), send(cb, "q", 10)]);
    expect(sent).toBe(90);

    await until(() => roomMessages().length >= 90, "the reader to have every message");
    await cr.request("ping");
    const got = roomMessages();
    expect(got.map((m) => Number(m.seq))).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    expect(new Set(got.map((m) => String((m.message as Msg).id))).size).toBe(90);
    const contents = got.map((m) => String((m.message as Msg).content));
    for (const tag of ["x", "y"]) expect(contents.filter((t) => t.startsWith(tag))).toHaveLength(15);
  }, 90_000);
});
