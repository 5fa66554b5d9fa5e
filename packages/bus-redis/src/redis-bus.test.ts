import { busSuite } from "@lair-chat/testkit";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { deleteKeys, freshKeyPrefix, redisTarget } from "../test-support/redis-test-env.ts";
import { createRedisBus } from "./redis-bus.ts";
import type { RedisClientLike } from "./redis-connection.ts";

const target = await redisTarget();
const url = target.ok ? target.url : "";
const runPrefix = freshKeyPrefix();
let clusters = 0;

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Raw PUBSUB NUMSUB for a channel, from a connection of our own. */
async function subscribers(channel: string): Promise<number> {
  const admin = new Redis(url);
  try {
    const reply = (await admin.call("PUBSUB", "NUMSUB", channel)) as [string, number];
    return Number(reply[1]);
  } finally {
    admin.disconnect();
  }
}

describe.skipIf(!target.ok)("RedisBus", () => {
  afterAll(async () => {
    await deleteKeys(url, runPrefix);
  });

  describe("busSuite", () => {
    busSuite({
      test: it,
      describe,
      // Redis round trips on a shared machine: a little more room than in-process.
      heartbeatMs: 150,
      nodeTimeoutMs: 1500,
      async create(nodes) {
        const keyPrefix = `${runPrefix}c${++clusters}:`;
        const buses = nodes.map((options) => createRedisBus({ ...options, url, keyPrefix }));
        return {
          buses,
          async cleanup() {
            // Closed buses leave no subscriber behind (Redis may take a moment to see the sockets close).
            let left = await subscribers(`${keyPrefix}bus`);
            for (let i = 0; left > 0 && i < 200; i++) {
              await new Promise((r) => setTimeout(r, 10));
              left = await subscribers(`${keyPrefix}bus`);
            }
            expect(left).toBe(0);
          },
        };
      },
    });
  });

  it("keeps clusters with different key prefixes apart on one Redis", async () => {
    const one = [0, 1].map(() => createRedisBus({ url, keyPrefix: `${runPrefix}one:` }));
    const two = createRedisBus({ url, keyPrefix: `${runPrefix}two:` });
    const heardByTwo: unknown[] = [];
    two.onMessage("m", (p) => heardByTwo.push(p));
    const heardByOne: unknown[] = [];
    one[1]!.onMessage("m", (p) => heardByOne.push(p));
    try {
      for (const b of [...one, two]) await b.start();
      await until(() => one[1]!.nodes().length === 1, "the two nodes of cluster one to meet");
      one[0]!.broadcast("m", "for one");
      two.broadcast("m", "for nobody");
      await until(() => heardByOne.length === 1, "cluster one's message");
      expect(one[0]!.nodes()).toEqual([one[1]!.nodeId]);
      expect(two.nodes()).toEqual([]);
      expect(heardByTwo).toEqual([]);
      expect(heardByOne).toEqual(["for one"]);
      expect(one[0]!.channel).toBe(`${runPrefix}one:bus`);
    } finally {
      await Promise.all([...one, two].map((b) => b.close()));
    }
  });

  it("uses a client passed in without closing it, and subscribes on a duplicate", async () => {
    const client = new Redis(url);
    const keyPrefix = `${runPrefix}given:`;
    const a = createRedisBus({ redis: client as unknown as RedisClientLike, keyPrefix });
    const b = createRedisBus({ url, keyPrefix });
    const got: unknown[] = [];
    b.onMessage("m", (p) => got.push(p));
    try {
      await a.start();
      await b.start();
      a.broadcast("m", "via the given client");
      await until(() => got.length === 1, "the message");
      expect(got).toEqual(["via the given client"]);
      await a.close();
      expect(client.status).toBe("ready");
      expect(await client.ping()).toBe("PONG");
    } finally {
      await b.close();
      client.disconnect();
    }
  });

  it("reports a dropped subscription and the resubscription, then receives again", async () => {
    const keyPrefix = `${runPrefix}drop:`;
    const a = createRedisBus({ url, keyPrefix });
    const b = createRedisBus({ url, keyPrefix });
    const events: string[] = [];
    let downtime = -1;
    b.onSubscriptionLost(() => events.push("lost"));
    b.onResubscribed(({ downtimeMs }) => {
      events.push("resubscribed");
      downtime = downtimeMs;
    });
    const got: unknown[] = [];
    b.onMessage("m", (p) => got.push(p));
    try {
      await a.start();
      await b.start();
      await until(() => b.nodes().includes(a.nodeId), "b to meet a");
      expect(b.receiving).toBe(true);
      // Kill b's subscriber connection from the server side, as a network drop or restart would.
      const admin = new Redis(url);
      try {
        // Only b's subscriber: other tests and programs may share this Redis.
        const list = String(await admin.call("CLIENT", "LIST", "TYPE", "pubsub"));
        const ids = list
          .split("\n")
          .filter((line) => line.includes(` name=${b.subscriberName} `))
          .map((line) => /(?:^| )id=(\d+)/.exec(line)?.[1]);
        expect(ids).toHaveLength(1);
        await admin.call("CLIENT", "KILL", "ID", String(ids[0]));
      } finally {
        admin.disconnect();
      }
      await until(() => events.includes("resubscribed"), "b to resubscribe");
      expect(events).toEqual(["lost", "resubscribed"]);
      expect(downtime).toBeGreaterThanOrEqual(0);
      expect(b.receiving).toBe(true);
      a.broadcast("m", "after the drop");
      await until(() => got.includes("after the drop"), "a message after the resubscription");
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("checks its options", () => {
    expect(() => createRedisBus({ url: "http://nope" })).toThrow(TypeError);
    expect(() => createRedisBus({ url, keyPrefix: "" })).toThrow(TypeError);
    expect(() => createRedisBus({ url, keyPrefix: "has space" })).toThrow(TypeError);
    expect(() => createRedisBus({ redis: {} as RedisClientLike })).toThrow(TypeError);
    expect(() => createRedisBus({ url, closeTimeoutMs: -1 })).toThrow(RangeError);
  });
});
