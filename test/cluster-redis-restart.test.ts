/**
 * Redis restarted mid-stream under three node processes. Each node is the server kit in a child
 * process on its own ephemeral ports, all on one fresh Postgres schema and one key prefix of a
 * throwaway redis-server on its own port; this process hosts only clients. Redis is shut down
 * (SHUTDOWN NOSAVE) while two nodes keep committing messages to one room, then started again
 * empty. Pub/sub loses what was published while a node was not subscribed; each node must fill
 * the holes from storage when it resubscribes, so the client on every node ends with every
 * message exactly once, in seq order, without reconnecting or resuming. (The sequencer's unit
 * tests show the recovery alone filling a tail no later event reveals.)
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { redisServerInstalled, ThrowawayRedis } from "../packages/bus-redis/test-support/throwaway-redis.ts";
import { type NodeProcess, ProcessCluster } from "./cluster-node-process.ts";
import { api, connectTo, DATABASE_URL, ok, postgresAvailable, register, until } from "./cluster-support.ts";
import type { Msg, TestClient } from "./realtime-client.ts";

const what = "the cluster Redis restart test";
const available = redisServerInstalled(what) && (await postgresAvailable(what));

describe.skipIf(!available)("three node processes when Redis restarts mid-stream", () => {
  let server: ThrowawayRedis | undefined;
  let cluster: ProcessCluster | undefined;

  beforeAll(async () => {
    server = await ThrowawayRedis.start();
    cluster = new ProcessCluster({
      databaseUrl: DATABASE_URL,
      redisUrl: server.url,
      throwawayRedis: true,
      heartbeatMs: 100,
      nodeTimeoutMs: 3000,
      label: "restart",
    });
    await cluster.start(3);
    await until(() => cluster!.meshed(), "the three nodes to meet");
  }, 120_000);

  afterAll(async () => {
    try {
      await cluster?.stop();
    } finally {
      server?.kill();
    }
  }, 60_000);

  it("leaves the client on every node with no gap and no duplicate", async () => {
    onTestFailed(() => console.error(cluster?.stderrReport()));
    const nodes = cluster!.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const [a, b, c] = nodes;
    const tag = randomBytes(3).toString("hex");
    const [wa, wb, reader] = await Promise.all(
      [`wa_${tag}`, `wb_${tag}`, `reader_${tag}`].map((name, i) => register(nodes[i]!, name)),
    );
    const created = await api(a, "POST", "/api/v1/rooms", 201, wa!.token, { name: `restart-${tag}` });
    const roomId = String((created.room as Msg).id);
    await api(b, "POST", `/api/v1/rooms/${roomId}/join`, 200, wb!.token);
    await api(c, "POST", `/api/v1/rooms/${roomId}/join`, 200, reader!.token);
    const ca = await connectTo(a, "ws", wa!.token, ["seq"]);
    const cb = await connectTo(b, "tcp", wb!.token, ["seq"]);
    const cr = await connectTo(c, "ws", reader!.token, ["seq"]);
    const clients: Array<[string, TestClient]> = [
      ["writer on a", ca],
      ["writer on b", cb],
      ["reader on c", cr],
    ];
    const target = { type: "room", room_id: roomId };
    let sent = 0;
    const send = async (w: TestClient, prefix: string, n: number) => {
      for (let k = 0; k < n; k++) {
        await ok(w, "send_message", { target, content: `${prefix}${k}` });
        sent++;
      }
    };
    const roomMessages = (client: TestClient) =>
      client.received.filter(
        (m) => m.type === "message_received" && ((m.message as Msg).target as Msg).room_id === roomId,
      );
    const counts = () => `: ${clients.map(([name, cl]) => `${name} ${roomMessages(cl).length}`).join(", ")}`;
    const allHave = (n: number) => clients.every(([, cl]) => roomMessages(cl).length >= n);

    await Promise.all([send(ca, "a", 20), send(cb, "b", 20)]);
    await until(() => allHave(40), "the messages before the restart", 30_000, counts);

    await server!.shutdown();
    await until(
      () => nodes.every((n) => n.lost >= 1),
      "every node to notice the lost subscription",
      30_000,
      () => `: lost ${nodes.map((n) => n.lost)}`,
    );
    // Committed while nobody can hear: these never cross the bus as they were sent.
    await Promise.all([send(ca, "x", 15), send(cb, "y", 15)]);
    await server!.restart();
    await until(
      () => nodes.every((n) => n.back >= 1),
      "every node to resubscribe",
      60_000,
      () => `: back ${nodes.map((n) => n.back)}`,
    );
    // No newer event shows a node a hole here: what its subscription missed comes from its
    // recovery on resubscription (publishes the writers' connections queued during the outage
    // and sent after it may arrive too; they must not show up twice).
    await until(() => allHave(70), "the messages of the outage", 30_000, counts);
    await Promise.all([send(ca, "p", 10), send(cb, "q", 10)]);
    expect(sent).toBe(90);

    await until(() => allHave(90), "every client to have every message", 30_000, counts);
    await Promise.all(clients.map(([, cl]) => cl.request("ping")));
    for (const [name, cl] of clients) {
      const got = roomMessages(cl);
      expect(
        got.map((m) => Number(m.seq)),
        name,
      ).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
      expect(new Set(got.map((m) => String((m.message as Msg).id))).size, name).toBe(90);
      const contents = got.map((m) => String((m.message as Msg).content));
      for (const prefix of ["x", "y"])
        expect(
          contents.filter((t) => t.startsWith(prefix)),
          name,
        ).toHaveLength(15);
    }
    expect(nodes.some((n) => n.crashed)).toBe(false);
    for (const cl of [ca, cb, cr]) cl.close();
  }, 120_000);
});
