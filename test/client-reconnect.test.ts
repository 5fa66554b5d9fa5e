/**
 * Reliability against a real server: connections cut again and again, a client offline past the
 * server's replay window, and a server without our extensions — the timeline must end with no
 * gap, no duplicate and no reordering.
 */

import type { ResumeReport } from "@lair-chat/client/node";
import { afterEach, describe, expect, it } from "vitest";
import {
  audit,
  eventually,
  type FaultProxy,
  type ProxiedClient,
  roomOfClients,
  serverTruth,
  startServer,
  type TestServer,
  type Transport,
  timelineIds,
} from "./client-fixtures.ts";

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function cutWhenConnected(proxy: FaultProxy): Promise<void> {
  await eventually(() => expect(proxy.connections).toBeGreaterThan(0));
  proxy.cut();
}

/** Sender `a` and receiver `b` (named by `names`) in a new room, not yet connected. */
async function pair(server: TestServer, transport: Transport, names: [string, string], bExtra = {}) {
  const r = await roomOfClients(server, cleanup, "rc", [
    { transport, name: names[0] },
    { transport, name: names[1], extra: bExtra },
  ]);
  const [a, b] = r.members as [ProxiedClient, ProxiedClient];
  return { a, b, r };
}

describe.each(["websocket", "tcp"] as const)("reconnect over %s", (transport) => {
  it("resumes after repeated cuts with no gap, duplicate or reordering", async () => {
    const server = await startServer();
    cleanup.push(() => server.close());
    const { a, b, r } = await pair(server, transport, ["sender", "receiver"]);
    const reports: ResumeReport[] = [];
    b.client.on("resumed", (report) => reports.push(report));
    await a.client.connect();
    await b.client.connect();

    // Cut both clients' connections at random moments, and on a schedule, while 150 messages go out.
    let cutting = true;
    const cutter = (async () => {
      const proxies: FaultProxy[] = [a.proxy, b.proxy];
      while (cutting) {
        await new Promise((resolve) => setTimeout(resolve, 30 + Math.random() * 120));
        proxies[Math.floor(Math.random() * proxies.length)]!.cut();
      }
    })();
    const receipts = [];
    for (let i = 0; i < 150; i++) {
      receipts.push(await a.client.send(r.target, `n${i}`));
      // Scheduled cuts wait for a live connection, so each one really breaks something.
      if (i % 10 === 5) await cutWhenConnected(b.proxy);
      if (i % 25 === 24) await cutWhenConnected(a.proxy);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (const receipt of receipts) expect((await receipt.delivered).status).toBe("sent");
    cutting = false;
    await cutter;

    const truth = await serverTruth(a.client, r.id);
    expect(truth).toHaveLength(150);
    for (const client of [a.client, b.client]) {
      await eventually(() => expect(timelineIds(client, r.key)).toEqual(truth), 15_000);
      expect(audit(client, r.key, truth)).toEqual({
        missing: 0,
        duplicated: 0,
        reordered: 0,
        extra: 0,
      });
    }
    // Contents arrive in the order they were typed.
    expect(b.client.state.timeline(r.key).items.map((i) => i.message.content)).toEqual(
      Array.from({ length: 150 }, (_, i) => `n${i}`),
    );
    expect(a.proxy.cuts + b.proxy.cuts).toBeGreaterThanOrEqual(21);
    expect(reports.filter((report) => report.reconnect && report.mode === "resume").length).toBeGreaterThan(
      0,
    );
  });

  it("backfills over HTTP when the gap is beyond the server's replay window", async () => {
    const server = await startServer({ resumeWindow: 5 });
    cleanup.push(() => server.close());
    const { a, b, r } = await pair(server, transport, ["sender", "away"]);
    await a.client.connect();
    await b.client.connect();
    await (await a.client.send(r.target, "before")).delivered;
    await eventually(() => expect(timelineIds(b.client, r.key)).toHaveLength(1));
    const gaps: unknown[] = [];
    b.client.on("gap", (gap) => gaps.push(gap));
    const resumed = new Promise<ResumeReport>((resolve) =>
      b.client.on("resumed", (report) => report.reconnect && resolve(report)),
    );

    b.proxy.block();
    await eventually(() => expect(b.client.connectionState).not.toBe("connected"));
    for (let i = 0; i < 30; i++) await (await a.client.send(r.target, `while away ${i}`)).delivered;
    b.proxy.unblock();

    const report = await resumed;
    expect(report.conversations[r.key]).toMatchObject({ recovered: false });
    expect(report.conversations[r.key]!.backfilled).toBe(30);
    expect(gaps).toEqual([expect.objectContaining({ conversation: r.key, reason: "resume", from: 2 })]);
    const truth = await serverTruth(a.client, r.id);
    expect(timelineIds(b.client, r.key)).toEqual(truth);
    expect(b.client.state.unread(r.key)).toBe(31);
  });

  it("against a server without our extensions, backfills by HTTP after reconnecting and dedupes", async () => {
    const server = await startServer();
    cleanup.push(() => server.close());
    // Asking for no features makes our server behave as plain Lair 1.1 on b's connection.
    const { a, b, r } = await pair(server, transport, ["sender", "plain"], { features: [] });
    await a.client.connect();
    await b.client.connect();
    expect(b.client.features).toEqual([]);
    await (await a.client.send(r.target, "first")).delivered;
    await eventually(() => expect(timelineIds(b.client, r.key)).toHaveLength(1));
    const reconnected = new Promise<ResumeReport>((resolve) =>
      b.client.on("resumed", (report) => report.reconnect && resolve(report)),
    );
    b.proxy.block();
    await eventually(() => expect(b.client.connectionState).not.toBe("connected"));
    for (let i = 0; i < 12; i++) await (await a.client.send(r.target, `missed ${i}`)).delivered;
    b.proxy.unblock();
    expect((await reconnected).mode).toBe("backfill");
    const truth = await serverTruth(a.client, r.id);
    const ids = timelineIds(b.client, r.key);
    expect(ids).toEqual(truth);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
