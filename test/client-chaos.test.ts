/**
 * Chaos: 3 rooms × 5 clients (WebSocket and TCP mixed) chat while every client's connection is
 * destroyed at a random moment every 1–3 s. Afterwards every timeline must equal the server's
 * history of its room: 0 missing, 0 duplicated, 0 reordered.
 * LAIR_CHAOS_SECONDS sets the duration (default 15; run 120 by hand for the long version).
 */
import type { LairClient } from "@lair-chat/client/node";
import { afterAll, expect, it } from "vitest";
import {
  audit,
  eventually,
  type FaultProxy,
  proxiedClient,
  registerOn,
  serverTruth,
  startServer,
  type TestServer,
  timelineIds,
  timelineSeqs,
  uniqueName,
} from "./client-fixtures.ts";

const SECONDS = Number(process.env.LAIR_CHAOS_SECONDS ?? 15);
const ROOMS = 3;
const PER_ROOM = 5;

const cleanup: Array<() => unknown> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

interface Member {
  client: LairClient;
  proxy: FaultProxy;
  roomId: string;
  connects: number;
}

it(`keeps every timeline exact through ${SECONDS}s of random disconnects`, {
  timeout: (SECONDS + 90) * 1000,
}, async () => {
  const server: TestServer = await startServer();
  cleanup.push(() => server.close());
  const members: Member[] = [];
  const rooms: string[] = [];
  for (let r = 0; r < ROOMS; r++) {
    let roomId: string | undefined;
    for (let i = 0; i < PER_ROOM; i++) {
      const { client, proxy } = await proxiedClient(
        server,
        (r * PER_ROOM + i) % 2 === 0 ? "websocket" : "tcp",
        {
          reconnect: { minDelay: 50, maxDelay: 1000, jitter: 0.5, connectTimeout: 5000 },
        },
      );
      cleanup.push(
        () => client.close(),
        () => proxy.close(),
      );
      await registerOn(client, "chaos");
      if (!roomId) roomId = (await client.rooms.create({ name: uniqueName("chaos") })).room.id;
      else await client.rooms.join(roomId);
      const member: Member = { client, proxy, roomId, connects: 0 };
      client.on("connectionState", (state) => state === "connected" && member.connects++);
      members.push(member);
    }
    rooms.push(roomId!);
  }
  await Promise.all(members.map((m) => m.client.connect()));

  const deadline = Date.now() + SECONDS * 1000;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const sent = new Map<LairClient, number>();
  const senders = members.map(async (m) => {
    const target = { type: "room", room_id: m.roomId } as const;
    while (Date.now() < deadline) {
      await m.client.send(target, `${m.client.state.me!.username} #${sent.get(m.client) ?? 0}`);
      sent.set(m.client, (sent.get(m.client) ?? 0) + 1);
      await sleep(100 + Math.random() * 200);
    }
  });
  const cutters = members.map(async (m) => {
    for (;;) {
      await sleep(1000 + Math.random() * 2000);
      if (Date.now() >= deadline) return;
      m.proxy.cut();
    }
  });
  await Promise.all([...senders, ...cutters]);

  // Quiet period: every outbox drains and every timeline converges on the server's history.
  await eventually(() => {
    for (const m of members) expect(m.client.outbox).toEqual([]);
  }, 60_000);
  const report = [];
  for (const roomId of rooms) {
    const truth = await serverTruth(members.find((m) => m.roomId === roomId)!.client, roomId);
    const key = `room:${roomId}`;
    for (const m of members.filter((x) => x.roomId === roomId)) {
      await eventually(() => expect(timelineIds(m.client, key)).toHaveLength(truth.length), 30_000).catch(
        () => {},
      );
      const result = audit(timelineIds(m.client, key), timelineSeqs(m.client, key), truth);
      report.push({ room: roomId.slice(0, 8), messages: truth.length, ...result });
      expect(result).toEqual({ missing: 0, duplicated: 0, reordered: 0, extra: 0 });
    }
    // Each sender's messages appear in the order they were typed.
    for (const m of members.filter((x) => x.roomId === roomId)) {
      const mine = m.client.state
        .timeline(key)
        .items.filter((i) => i.message.author === m.client.state.me!.id);
      const numbers = mine.map((i) => Number(i.message.content.split("#")[1]));
      expect(numbers).toEqual(numbers.map((_, i) => i));
    }
  }
  const cuts = members.reduce((n, m) => n + m.proxy.cuts, 0);
  const reconnects = members.reduce((n, m) => n + m.connects - 1, 0);
  const total = [...sent.values()].reduce((a, b) => a + b, 0);
  console.log(
    `chaos: ${SECONDS}s, ${members.length} clients, ${total} messages, ${cuts} connections cut, ${reconnects} reconnects; ` +
      `missing/duplicated/reordered = ${report.reduce((n, r) => n + r.missing, 0)}/${report.reduce((n, r) => n + r.duplicated, 0)}/${report.reduce((n, r) => n + r.reordered, 0)}`,
  );
  expect(reconnects).toBeGreaterThanOrEqual(members.length * Math.floor(SECONDS / 3) * 0.5);
});
