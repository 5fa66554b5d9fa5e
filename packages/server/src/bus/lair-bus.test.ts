import { afterEach, describe, expect, it, vi } from "vitest";
import { createInProcessBus, createInProcessHub } from "./in-process-bus.ts";
import type { LairBus } from "./lair-bus.ts";

const open: LairBus[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const b of open.splice(0)) await b.close();
});

async function cluster(n: number, options: { heartbeatMs?: number; nodeTimeoutMs?: number } = {}) {
  const hub = createInProcessHub();
  const buses = Array.from({ length: n }, (_, i) => createInProcessBus({ hub, nodeId: `n${i}`, ...options }));
  open.push(...buses);
  for (const b of buses) await b.start();
  await vi.waitFor(() => {
    for (const b of buses) expect(b.nodes()).toHaveLength(n - 1);
  });
  return buses;
}

describe("LairBus over the in-process hub", () => {
  it("delivers to every other node, never to the sender, in order", async () => {
    const [a, b, c] = await cluster(3);
    const got: Record<string, number[]> = { a: [], b: [], c: [] };
    a!.onMessage("t", (p) => got.a!.push(p as number));
    b!.onMessage("t", (p, from) => {
      expect(from).toBe("n0");
      got.b!.push(p as number);
    });
    c!.onMessage("t", (p) => got.c!.push(p as number));
    for (let i = 0; i < 50; i++) a!.broadcast("t", i);
    await vi.waitFor(() => expect(got.c).toHaveLength(50));
    expect(got.a).toEqual([]);
    expect(got.b).toEqual([...Array(50).keys()]);
    expect(got.c).toEqual([...Array(50).keys()]);
  });

  it("collects one answer per node for a request", async () => {
    const [a, b, c] = await cluster(3);
    b!.onRequest("count", (p) => (p as number) + 1);
    c!.onRequest("count", async (p) => (p as number) + 2);
    const replies = await a!.request("count", 10);
    expect(replies.map((r) => [r.node, r.payload]).sort()).toEqual([
      ["n1", 11],
      ["n2", 12],
    ]);
  });

  it("resolves a request with partial answers at the timeout", async () => {
    const [a, b] = await cluster(3);
    b!.onRequest("slow", () => "fast");
    const replies = await a!.request("slow", null, 50);
    expect(replies).toEqual([{ node: "n1", payload: "fast" }]);
  });

  it("reports a node that says goodbye, and one that stops beating", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    const [a, b, c] = await cluster(3, { heartbeatMs: 100, nodeTimeoutMs: 300 });
    const down: string[] = [];
    a!.onNodeDown((n) => down.push(n));
    await b!.close();
    await vi.waitFor(() => expect(down).toEqual(["n1"]));
    // Silence n2 without a goodbye: its heartbeats stop reaching anyone.
    (c as unknown as { publish: (bytes: Uint8Array) => Promise<void> }).publish = async () => {};
    await vi.advanceTimersByTimeAsync(1000);
    expect(down).toEqual(["n1", "n2"]);
    expect(a!.nodes()).toEqual([]);
  });

  it("ignores malformed bytes and refuses reserved types", async () => {
    const [a, b] = await cluster(2);
    const seen: unknown[] = [];
    b!.onMessage("ok", (p) => seen.push(p));
    const hub = (a as unknown as { hub: { deliver(from: unknown, bytes: Uint8Array): void } }).hub;
    hub.deliver(a, new TextEncoder().encode("not json"));
    hub.deliver(a, new TextEncoder().encode(JSON.stringify({ v: 2, node: "x", type: "ok" })));
    a!.broadcast("ok", 1);
    await vi.waitFor(() => expect(seen).toEqual([1]));
    expect(() => a!.broadcast("__heartbeat", null)).toThrow(RangeError);
  });
});
