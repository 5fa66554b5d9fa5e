/**
 * Node liveness: up on the first heartbeat, down on goodbye (at once) or on missed heartbeats
 * (after the node timeout), and a closed bus stays quiet.
 */
import assert from "node:assert/strict";
import type { LairBus } from "@lair-chat/server";
import { type BusCase, QUIET, startAll, startMeshed } from "../bus-case.ts";

function watch(bus: LairBus): { up: string[]; down: string[] } {
  const seen = { up: [] as string[], down: [] as string[] };
  bus.onNodeUp((n) => seen.up.push(n));
  bus.onNodeDown((n) => seen.down.push(n));
  return seen;
}

export const busLivenessCases: readonly BusCase[] = [
  {
    name: "a node is up on its first heartbeat, and a newcomer learns the nodes already there",
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      const seen = buses.map(watch);
      await a.start();
      assert.deepEqual(a.nodes(), [], "a alone knows no node");
      await b.start();
      await ctx.waitFor(
        () => seen[0]!.up.length === 1 && seen[1]!.up.length === 1,
        "a and b to see each other",
      );
      await c.start();
      // Heartbeats are rare (QUIET timing): c learns a and b from their answers to its first one.
      await ctx.waitFor(
        () => seen[2]!.up.length === 2 && seen[0]!.up.length === 2,
        "c and the others to meet",
      );
      assert.deepEqual(seen[0]!.up, [b.nodeId, c.nodeId]);
      assert.deepEqual(seen[1]!.up, [a.nodeId, c.nodeId]);
      assert.deepEqual([...seen[2]!.up].sort(), [a.nodeId, b.nodeId].sort());
      assert.deepEqual([...c.nodes()].sort(), [a.nodeId, b.nodeId].sort());
      assert.ok(
        seen.every((s) => s.down.length === 0),
        "no node went down",
      );
    },
  },
  {
    name: "close() says goodbye: the others see the node down without waiting for the node timeout",
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      const seen = buses.map(watch);
      await startMeshed(ctx, buses);
      await c.close();
      // The node timeout is QUIET's two minutes, far beyond the wait: only the goodbye can do this.
      await ctx.waitFor(
        () => seen[0]!.down.length === 1 && seen[1]!.down.length === 1,
        "a and b to see c leave",
      );
      assert.deepEqual(seen[0]!.down, [c.nodeId]);
      assert.deepEqual(seen[1]!.down, [c.nodeId]);
      assert.deepEqual(a.nodes(), [b.nodeId]);
      assert.deepEqual(b.nodes(), [a.nodeId]);
    },
  },
  {
    name: "a node that stops heartbeating is declared down after the node timeout",
    timeout: 30_000,
    async run(ctx) {
      const { heartbeatMs, nodeTimeoutMs } = ctx.fast;
      // c heartbeats once when it starts (and when it meets a node), then falls silent.
      const buses = await ctx.create([
        { heartbeatMs, nodeTimeoutMs },
        { heartbeatMs, nodeTimeoutMs },
        { ...QUIET, heartbeatMs: 600_000, nodeTimeoutMs: 1_200_000 },
      ]);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      const seen = buses.map(watch);
      await startAll([a, b]);
      await ctx.waitFor(
        () => a.nodes().includes(b.nodeId) && b.nodes().includes(a.nodeId),
        "a and b to meet",
      );
      await c.start();
      await ctx.waitFor(
        () => seen[0]!.up.includes(c.nodeId) && seen[1]!.up.includes(c.nodeId),
        "a and b to see c",
      );
      await ctx.waitFor(
        () => seen[0]!.down.includes(c.nodeId) && seen[1]!.down.includes(c.nodeId),
        "a and b to time c out",
      );
      assert.deepEqual(a.nodes(), [b.nodeId], "a still knows b, which keeps heartbeating");
      assert.deepEqual(b.nodes(), [a.nodeId], "b still knows a, which keeps heartbeating");
      assert.ok(
        !seen[0]!.down.includes(b.nodeId) && !seen[1]!.down.includes(a.nodeId),
        "a live node was timed out",
      );
    },
  },
  {
    name: "close is idempotent, and a closed node neither sends nor receives",
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      const atA: unknown[] = [];
      const atB: unknown[] = [];
      const atC: unknown[] = [];
      a.onMessage("m", (p) => atA.push(p));
      b.onMessage("m", (p) => atB.push(p));
      c.onMessage("m", (p) => atC.push(p));
      await startMeshed(ctx, buses);
      await Promise.all([a.close(), a.close()]);
      await a.close();
      a.broadcast("m", "after close");
      assert.deepEqual(await a.request("m", null), [], "a closed bus's request resolves empty");
      await ctx.waitFor(
        () => !b.nodes().includes(a.nodeId) && !c.nodes().includes(a.nodeId),
        "b and c to see a leave",
      );
      b.broadcast("m", "fence");
      await ctx.waitFor(() => atC.length >= 1, "c to receive b's fence");
      assert.deepEqual(atC, ["fence"], "c received something from the closed node");
      assert.deepEqual(atB, [], "b received something from the closed node");
      assert.deepEqual(atA, [], "the closed node received a message");
    },
  },
];
