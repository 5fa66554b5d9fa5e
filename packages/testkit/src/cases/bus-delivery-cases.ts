/**
 * Broadcast delivery: to every other node once, never to the sender, in each sender's order,
 * with payloads unchanged. "Never" is checked with a causal fence: a node answers the message
 * only after receiving it, so anything the transport would deliver to the sender arrives
 * before that answer does.
 */
import assert from "node:assert/strict";
import type { LairBus } from "@lair-chat/server";
import { type BusCase, startMeshed } from "../bus-case.ts";

type Received = Array<{ payload: unknown; from: string }>;

function record(bus: LairBus, type: string): Received {
  const got: Received = [];
  bus.onMessage(type, (payload, from) => got.push({ payload, from }));
  return got;
}

const BURST = 1000;

const PAYLOADS: unknown[] = [
  "plain",
  "\u0000nul\u0000 and \u0001\u001f control, \r\n line ends, \t tab",
  "\u00ff\u00fe bytes-looking, \ufffd replacement, \ufeff BOM",
  "unicode: é ß 漢字 한국어 עברית العربية 🦀👩🏽‍💻 \u2028\u2029",
  "lone surrogates: \ud800 \udfff",
  '"quotes" \\ backslashes \\u0000 not-an-escape',
  "",
  0,
  -1.5e300,
  true,
  null,
  [1, "two", [3], { four: 4 }],
  { nested: { deep: { value: "ok", list: [null, false] } }, "key with spaces": "\u0000" },
  "x".repeat(10_000) + "🦀".repeat(50_000),
];

export const busDeliveryCases: readonly BusCase[] = [
  {
    name: "broadcast reaches every other node once and never the sender",
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      const got = buses.map((bus) => record(bus, "greeting"));
      const fences = buses.map((bus) => record(bus, "fence"));
      await startMeshed(ctx, buses);
      a.broadcast("greeting", { hello: "world" });
      await ctx.waitFor(() => got[1]!.length >= 1 && got[2]!.length >= 1, "b and c to receive the greeting");
      b.broadcast("fence", 1);
      c.broadcast("fence", 1);
      await ctx.waitFor(() => fences[0]!.length >= 2, "a to receive the fences of b and c");
      assert.deepEqual(got[0], [], "the sender received its own broadcast");
      for (const i of [1, 2]) {
        assert.deepEqual(got[i], [{ payload: { hello: "world" }, from: a.nodeId }], `node ${i} received`);
      }
    },
  },
  {
    name: "each sender's messages arrive in the order sent, under a burst of 1,000 from two senders",
    timeout: 60_000,
    async run(ctx) {
      const buses = await ctx.create(3);
      const [a, b, c] = buses as [LairBus, LairBus, LairBus];
      const got = buses.map((bus) => record(bus, "seq"));
      await startMeshed(ctx, buses);
      for (let i = 0; i < BURST; i++) {
        a.broadcast("seq", i);
        b.broadcast("seq", i);
      }
      const from = (list: Received, node: string) =>
        list.filter((r) => r.from === node).map((r) => r.payload);
      await ctx.waitFor(
        () => got[2]!.length >= 2 * BURST && got[0]!.length >= BURST && got[1]!.length >= BURST,
        "every burst message to arrive",
      );
      const expected = Array.from({ length: BURST }, (_, i) => i);
      assert.deepEqual(from(got[2]!, a.nodeId), expected, "c: a's messages out of order or missing");
      assert.deepEqual(from(got[2]!, b.nodeId), expected, "c: b's messages out of order or missing");
      assert.deepEqual(from(got[1]!, a.nodeId), expected, "b: a's messages out of order or missing");
      assert.deepEqual(from(got[0]!, b.nodeId), expected, "a: b's messages out of order or missing");
      assert.equal(from(got[0]!, c.nodeId).length + from(got[1]!, c.nodeId).length, 0, "c sent nothing");
    },
  },
  {
    name: "payloads arrive unchanged: control characters, unicode, lone surrogates, nesting, large values",
    timeout: 60_000,
    async run(ctx) {
      const buses = await ctx.create(2);
      const [a, b] = buses as [LairBus, LairBus];
      const got = record(b, "payload");
      const empty = record(b, "no-payload");
      await startMeshed(ctx, buses);
      for (const p of PAYLOADS) a.broadcast("payload", p);
      a.broadcast("no-payload", undefined);
      await ctx.waitFor(() => got.length >= PAYLOADS.length && empty.length >= 1, "every payload to arrive");
      assert.deepEqual(
        got.map((r) => r.payload),
        PAYLOADS,
      );
      assert.equal(empty[0]?.payload, undefined, "a broadcast without payload arrives without one");
    },
  },
  {
    name: "handlers see only their type, several may share one, and removed handlers stop receiving",
    async run(ctx) {
      const buses = await ctx.create(2);
      const [a, b] = buses as [LairBus, LairBus];
      const first: unknown[] = [];
      const second: unknown[] = [];
      const other: unknown[] = [];
      const removeFirst = b.onMessage("t", (p) => first.push(p));
      b.onMessage("t", (p) => second.push(p));
      b.onMessage("other", (p) => other.push(p));
      await startMeshed(ctx, buses);
      a.broadcast("t", 1);
      await ctx.waitFor(() => second.length === 1, "the first message");
      removeFirst();
      a.broadcast("t", 2);
      await ctx.waitFor(() => second.length === 2, "the second message");
      assert.deepEqual(first, [1]);
      assert.deepEqual(second, [1, 2]);
      assert.deepEqual(other, []);
      assert.throws(
        () => a.broadcast("__heartbeat", null),
        RangeError,
        "types starting with __ are reserved",
      );
    },
  },
];
