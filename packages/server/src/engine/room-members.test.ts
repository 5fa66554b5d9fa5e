import { afterEach, describe, expect, it, vi } from "vitest";
import { createInProcessBus, createInProcessHub } from "../bus/in-process-bus.ts";
import type { LairBus } from "../bus/lair-bus.ts";
import { RoomMembers } from "./room-members.ts";

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c.close();
});

/** A fake membership table with a read counter (the cache under test sits in front of it). */
function table(initial: Record<string, string[]>) {
  const rooms = new Map(Object.entries(initial).map(([k, v]) => [k, [...v]]));
  const reads = { n: 0 };
  return {
    rooms,
    reads,
    load: async (roomId: string) => {
      reads.n++;
      const ids = rooms.get(roomId);
      return ids === undefined ? null : [...ids];
    },
  };
}

async function startedBus(hub = createInProcessHub(), nodeId?: string): Promise<LairBus> {
  const bus = createInProcessBus({ hub, ...(nodeId ? { nodeId } : {}) });
  open.push(bus);
  await bus.start();
  return bus;
}

describe("RoomMembers", () => {
  it("reads a room once and answers later sends from memory", async () => {
    const t = table({ r: ["a", "b"] });
    const cache = new RoomMembers({ bus: await startedBus(), load: t.load });
    open.push(cache);
    const [x, y] = await Promise.all([cache.members("r"), cache.members("r")]);
    expect([...(x ?? [])]).toEqual(["a", "b"]);
    expect(y).toBe(x);
    await cache.members("r");
    expect(t.reads.n).toBe(1);
    expect(await cache.members("missing")).toBeNull();
  });

  it("reloads after a change on this node and after the ttl", async () => {
    let now = 1000;
    const t = table({ r: ["a"] });
    const cache = new RoomMembers({ bus: await startedBus(), load: t.load, ttlMs: 50, now: () => now });
    open.push(cache);
    await cache.members("r");
    t.rooms.get("r")!.push("b");
    cache.changed("r");
    expect([...(await cache.members("r"))!]).toEqual(["a", "b"]);
    t.rooms.get("r")!.push("c");
    expect(await cache.members("r")).not.toContain("c");
    now += 50;
    expect([...(await cache.members("r"))!]).toEqual(["a", "b", "c"]);
    expect(t.reads.n).toBe(3);
  });

  it("never keeps a load that a change overtook", async () => {
    const t = table({ r: ["a"] });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const cache = new RoomMembers({
      bus: await startedBus(),
      load: async (id) => {
        const ids = await t.load(id);
        await gate;
        return ids;
      },
    });
    open.push(cache);
    const stale = cache.members("r");
    t.rooms.get("r")!.push("b");
    cache.changed("r");
    release();
    expect([...(await stale)!]).toEqual(["a"]);
    expect([...(await cache.members("r"))!]).toEqual(["a", "b"]);
  });

  it("invalidates the other nodes of the cluster through the bus", async () => {
    const hub = createInProcessHub();
    const t = table({ r: ["a"] });
    const one = new RoomMembers({ bus: await startedBus(hub, "n1"), load: t.load });
    const two = new RoomMembers({ bus: await startedBus(hub, "n2"), load: t.load });
    open.push(one, two);
    await one.members("r");
    await two.members("r");
    t.rooms.get("r")!.push("b");
    one.changed("r");
    await vi.waitFor(() => expect(two.size).toBe(0));
    expect([...(await two.members("r"))!]).toEqual(["a", "b"]);
  });

  it("keeps at most maxRooms rooms", async () => {
    const t = table({ a: ["1"], b: ["2"], c: ["3"] });
    const cache = new RoomMembers({ bus: await startedBus(), load: t.load, maxRooms: 2 });
    open.push(cache);
    for (const r of ["a", "b", "c"]) await cache.members(r);
    expect(cache.size).toBe(2);
    expect(() => new RoomMembers({ bus: cache as never, load: t.load, maxRooms: 0 })).toThrow(RangeError);
  });
});
