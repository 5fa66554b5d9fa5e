/** Request/response: one answer per live node, matched to its request, bounded by the timeout. */
import assert from "node:assert/strict";
import type { BusReply, LairBus } from "@lair-chat/server";
import { type BusCase, QUIET, startMeshed } from "../bus-case.ts";

const byNode = (replies: BusReply[]) => [...replies].sort((x, y) => x.node.localeCompare(y.node));

export const busRequestCases: readonly BusCase[] = [
  {
    name: "a request collects one answer from every other node, and the asker's own handler is not asked",
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      const asked: string[] = [];
      for (const bus of buses) {
        bus.onRequest("whoami", (payload, from) => {
          asked.push(bus.nodeId);
          return { me: bus.nodeId, echo: payload, from };
        });
      }
      await startMeshed(ctx, buses);
      const replies = await a.request("whoami", { q: "ü\u0000" });
      const expected = [b, c].map((n) => ({
        node: n.nodeId,
        payload: { me: n.nodeId, echo: { q: "ü\u0000" }, from: a.nodeId },
      }));
      assert.deepEqual(byNode(replies), byNode(expected));
      assert.deepEqual(asked.sort(), [b.nodeId, c.nodeId].sort());
    },
  },
  {
    name: "concurrent requests from several nodes each get their own answers",
    async run(ctx) {
      const buses = await ctx.create(3);
      for (const bus of buses) {
        // Async and out of order on purpose: answers must still find their request.
        bus.onRequest("double", async (n) => {
          await new Promise((r) => setTimeout(r, (Number(n) * 7) % 13));
          return { n, twice: Number(n) * 2, by: bus.nodeId };
        });
      }
      await startMeshed(ctx, buses);
      const calls = buses.flatMap((bus, i) =>
        Array.from({ length: 20 }, (_, k) => {
          const n = i * 100 + k;
          return bus.request("double", n).then((replies) => ({ bus, n, replies }));
        }),
      );
      for (const { bus, n, replies } of await Promise.all(calls)) {
        const others = buses.filter((o) => o !== bus).map((o) => o.nodeId);
        assert.deepEqual(replies.map((r) => r.node).sort(), others.sort(), `request ${n}: answering nodes`);
        for (const r of replies) assert.deepEqual(r.payload, { n, twice: n * 2, by: r.node }, `request ${n}`);
      }
    },
  },
  {
    name: "a silent node makes a request resolve at its timeout with the answers received",
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b] = buses as [LairBus, LairBus, LairBus];
      // c has no handler for the type, so it never answers.
      b.onRequest("ask", () => "from b");
      await startMeshed(ctx, buses);
      let settled = false;
      const pending = a.request("ask", null, 300).then((r) => {
        settled = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(settled, false, "the request resolved before the silent node's time was up");
      assert.deepEqual(await pending, [{ node: b.nodeId, payload: "from b" }]);
    },
  },
  {
    name: "a handler that throws is answered with null; an async handler's answer is awaited",
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      b.onRequest("risky", () => {
        throw new Error("boom");
      });
      c.onRequest("risky", async () => {
        await new Promise((r) => setTimeout(r, 20));
        return ["later"];
      });
      await startMeshed(ctx, buses);
      assert.deepEqual(
        byNode(await a.request("risky", 1)),
        byNode([
          { node: b.nodeId, payload: null },
          { node: c.nodeId, payload: ["later"] },
        ]),
      );
    },
  },
  {
    name: "a request with no other node resolves with no answers",
    async run(ctx) {
      const [a] = (await ctx.create(1)) as [LairBus];
      await a.start();
      assert.deepEqual(await a.request("anyone", null), []);
    },
  },
  {
    name: "a request waiting on a node that leaves resolves without it",
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      b.onRequest("slow", () => "b");
      c.onRequest("slow", () => new Promise(() => {}));
      await startMeshed(ctx, buses);
      const pending = a.request("slow", null, QUIET.requestTimeoutMs);
      await c.close();
      assert.deepEqual(await pending, [{ node: b.nodeId, payload: "b" }]);
    },
  },
  {
    name: "closing a node resolves its own pending requests with the answers so far",
    async run(ctx) {
      const buses = await ctx.create(2);
      const [a, b] = buses as [LairBus, LairBus];
      b.onRequest("never", () => new Promise(() => {}));
      await startMeshed(ctx, buses);
      const pending = a.request("never", null, QUIET.requestTimeoutMs);
      await a.close();
      assert.deepEqual(await pending, []);
    },
  },
];
