import { afterEach, describe, expect, it, vi } from "vitest";
import { createInProcessBus, createInProcessHub } from "../bus/in-process-bus.ts";
import type { LairBus } from "../bus/lair-bus.ts";
import { resolveOptions } from "../options/resolve-options.ts";
import { type PresenceChange, PresenceTracker } from "./presence-tracker.ts";

const buses: LairBus[] = [];
const trackers: PresenceTracker[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const t of trackers.splice(0)) t.close();
  for (const b of buses.splice(0)) await b.close();
});

const fakeStorage = Object.fromEntries(
  ["init", "ping", "getUser", "createSession", "appendMessage"].map((m) => [m, () => {}]),
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `n` nodes, each with a tracker; `said[i]` is what node i announced. */
async function cluster(n: number, graceMs: number, timing = { heartbeatMs: 5000, nodeTimeoutMs: 15_000 }) {
  const hub = createInProcessHub();
  const said: PresenceChange[][] = [];
  const nodes = Array.from({ length: n }, (_, i) => {
    const bus = createInProcessBus({ hub, nodeId: `n${i}`, ...timing });
    buses.push(bus);
    said.push([]);
    const tracker = new PresenceTracker({
      bus,
      offlineGraceMs: graceMs,
      onChange: (changes) => said[i]!.push(...changes),
    });
    trackers.push(tracker);
    return { bus, tracker };
  });
  for (const { bus } of nodes) await bus.start();
  await vi.waitFor(() => {
    for (const { bus } of nodes) expect(bus.nodes()).toHaveLength(n - 1);
  });
  const all = () => said.flat().map((c) => `${c.userId}:${c.online ? "on" : "off"}`);
  return { nodes, said, all };
}

describe("PresenceTracker", () => {
  it("announces online once and offline once, after the grace", async () => {
    const { nodes, all } = await cluster(2, 50);
    const [a, b] = nodes;
    a!.tracker.connect("u1", "one");
    await vi.waitFor(() => expect(b!.tracker.isOnline("u1")).toBe(true));
    a!.tracker.disconnect("u1");
    expect(a!.tracker.isOnline("u1")).toBe(true);
    await vi.waitFor(() => expect(all()).toEqual(["u1:on", "u1:off"]));
    await vi.waitFor(() => expect(b!.tracker.isOnline("u1")).toBe(false));
  });

  it("absorbs a reconnect within the grace on the same node", async () => {
    const { nodes, all } = await cluster(2, 200);
    const [a, b] = nodes;
    let batches = 0;
    b!.bus.onMessage("presence_batch", () => batches++);
    a!.tracker.connect("u1", "one");
    await vi.waitFor(() => expect(batches).toBe(1));
    a!.tracker.disconnect("u1");
    a!.tracker.connect("u1", "one");
    await sleep(300);
    expect(all()).toEqual(["u1:on"]);
    expect(batches).toBe(1);
    expect(b!.tracker.isOnline("u1")).toBe(true);
  });

  it("absorbs a reconnect within the grace on another node", async () => {
    const { nodes, all } = await cluster(3, 200);
    const [a, b, c] = nodes;
    a!.tracker.connect("u1", "one");
    await vi.waitFor(() => expect(c!.tracker.isOnline("u1")).toBe(true));
    a!.tracker.disconnect("u1");
    await sleep(20);
    b!.tracker.connect("u1", "one");
    await sleep(300);
    expect(all()).toEqual(["u1:on"]);
    for (const n of nodes) expect(n.tracker.isOnline("u1")).toBe(true);
    b!.tracker.disconnect("u1");
    await vi.waitFor(() => expect(all()).toEqual(["u1:on", "u1:off"]));
  });

  it("puts the changes of one tick into one bus message", async () => {
    const { nodes } = await cluster(2, 0);
    const [a, b] = nodes;
    const batches: unknown[] = [];
    b!.bus.onMessage("presence_batch", (p) => batches.push(p));
    for (let i = 0; i < 50; i++) a!.tracker.connect(`u${i}`, `user${i}`);
    a!.tracker.disconnect("u0");
    await vi.waitFor(() => expect(b!.tracker.onlineUserIds().size).toBe(49));
    expect(batches).toHaveLength(1);
    expect((batches[0] as { changes: unknown[] }).changes).toHaveLength(50);
  });

  it("sets the record straight when another node reported offline a user who is here", async () => {
    const { nodes, all } = await cluster(2, 0);
    const [a, b] = nodes;
    // b connects while a's departure is still on its way: a sees nobody else and reports offline.
    a!.tracker.connect("u1", "one");
    await vi.waitFor(() => expect(b!.tracker.isOnline("u1")).toBe(true));
    b!.tracker.connect("u1", "one");
    a!.tracker.disconnect("u1");
    await vi.waitFor(() => expect(all()).toEqual(["u1:on", "u1:off", "u1:on"]));
  });

  it("reports the users of a node that stops beating offline within nodeTimeout + heartbeat + grace", async () => {
    const timing = { heartbeatMs: 50, nodeTimeoutMs: 200 };
    const { nodes, said } = await cluster(3, 100, timing);
    const [a, b, c] = nodes;
    c!.tracker.connect("victim", "v");
    c!.tracker.connect("roamer", "r");
    await vi.waitFor(() => expect(a!.tracker.isOnline("victim") && b!.tracker.isOnline("roamer")).toBe(true));
    said[2]!.length = 0;
    // Kill c without a goodbye: nothing it publishes reaches anyone any more.
    (c!.bus as unknown as { publish: (bytes: Uint8Array) => Promise<void> }).publish = async () => {};
    // The roamer's client reconnects to b at once; the victim does not come back.
    b!.tracker.connect("roamer", "r");
    await vi.waitFor(
      () =>
        expect([...said[0]!, ...said[1]!].map((x) => `${x.userId}:${x.online}`)).toContain("victim:false"),
      { timeout: 5000 },
    );
    // Only the survivor with the lowest id speaks, once, and never about the roamer.
    expect(said[0]!.map((x) => `${x.userId}:${x.online}`)).toEqual(["victim:false"]);
    expect(said[1]).toEqual([]);
    expect(a!.tracker.isOnline("roamer")).toBe(true);
  });

  it("announces online again the users of a node taken for dead that comes back", async () => {
    const timing = { heartbeatMs: 50, nodeTimeoutMs: 200 };
    const { nodes, said } = await cluster(2, 0, timing);
    const [a, b] = nodes;
    b!.tracker.connect("u1", "one");
    await vi.waitFor(() => expect(a!.tracker.isOnline("u1")).toBe(true));
    const bus = b!.bus as unknown as { publish: (bytes: Uint8Array) => Promise<void> };
    const publish = bus.publish.bind(b!.bus);
    bus.publish = async () => {};
    await vi.waitFor(() => expect(said[0]!.map((x) => x.online)).toEqual([false]), { timeout: 3000 });
    // Heard again: a sees b as new and exchanges snapshots; u1 was there all along.
    bus.publish = publish;
    await vi.waitFor(() => expect(said[0]!.map((x) => x.online)).toEqual([false, true]), { timeout: 3000 });
    expect(a!.tracker.isOnline("u1")).toBe(true);
  });

  it("announces online a user reported offline for a dead node who came back to a node that had not seen it die", async () => {
    // Regression (found by test/cluster-processes.test.ts): n0 drops the dead n2 first and reports
    // the victim offline; the victim reconnects to n1, which still counts n2 alive, so n1 took the
    // victim for online all along and said nothing. n0 must set the record straight.
    const hub = createInProcessHub();
    const said: string[] = [];
    const make = (id: string, nodeTimeoutMs: number) => {
      const bus = createInProcessBus({ hub, nodeId: id, heartbeatMs: 50, nodeTimeoutMs });
      buses.push(bus);
      const tracker = new PresenceTracker({
        bus,
        onChange: (changes) =>
          said.push(...changes.map((c) => `${id} ${c.userId}:${c.online ? "on" : "off"}`)),
      });
      trackers.push(tracker);
      return { bus, tracker };
    };
    const n0 = make("n0", 200);
    const n1 = make("n1", 5000);
    const n2 = make("n2", 200);
    for (const n of [n0, n1, n2]) await n.bus.start();
    await vi.waitFor(() => {
      for (const n of [n0, n1, n2]) expect(n.bus.nodes()).toHaveLength(2);
    });
    n2.tracker.connect("victim", "v");
    await vi.waitFor(() => expect(n0.tracker.isOnline("victim") && n1.tracker.isOnline("victim")).toBe(true));
    said.length = 0;
    (n2.bus as unknown as { publish: (bytes: Uint8Array) => Promise<void> }).publish = async () => {};
    await vi.waitFor(() => expect(said).toEqual(["n0 victim:off"]), { timeout: 3000 });
    expect(n1.bus.nodes()).toContain("n2");
    n1.tracker.connect("victim", "v");
    await vi.waitFor(() => expect(said).toEqual(["n0 victim:off", "n0 victim:on"]), { timeout: 3000 });
    expect(n0.tracker.isOnline("victim")).toBe(true);
  });

  it("does not announce twice a user the node they came back to announced itself", async () => {
    const timing = { heartbeatMs: 50, nodeTimeoutMs: 200 };
    const { nodes, said } = await cluster(3, 0, timing);
    const [a, b, c] = nodes;
    c!.tracker.connect("victim", "v");
    await vi.waitFor(() => expect(a!.tracker.isOnline("victim") && b!.tracker.isOnline("victim")).toBe(true));
    for (const s of said) s.length = 0;
    (c!.bus as unknown as { publish: (bytes: Uint8Array) => Promise<void> }).publish = async () => {};
    // Both survivors drop c; only a speaks.
    await vi.waitFor(() => expect(b!.bus.nodes()).not.toContain("n2"), { timeout: 3000 });
    await vi.waitFor(() => expect(said[0]!.map((x) => x.online)).toEqual([false]), { timeout: 3000 });
    b!.tracker.connect("victim", "v");
    await vi.waitFor(() => expect(a!.tracker.isOnline("victim")).toBe(true));
    await sleep(100);
    expect(said[0]!.map((x) => x.online)).toEqual([false]);
    expect(said[1]!.map((x) => x.online)).toEqual([true]);
  });

  it("reports a dead node's users within 30 s with the default timings", () => {
    const bus = createInProcessBus();
    buses.push(bus);
    const grace = resolveOptions({ storage: fakeStorage, jwtSecret: "x".repeat(32) }).presenceGraceMs;
    // Missed beats are checked once per heartbeat, so detection takes up to timeout + one period.
    expect(bus.nodeTimeoutMs + bus.heartbeatMs + grace).toBeLessThanOrEqual(30_000);
  });

  it("refuses a negative grace", () => {
    const bus = createInProcessBus();
    buses.push(bus);
    expect(() => new PresenceTracker({ bus, onChange() {}, offlineGraceMs: -1 })).toThrow(RangeError);
  });
});
