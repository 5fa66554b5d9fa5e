/**
 * Presence across two in-process nodes: a tab that closes while the user reconnects to the
 * other node does not flap, and rooms above `presenceCountOnlyAbove` members carry no
 * per-user presence while DMs and small rooms still do.
 */
import { randomBytes } from "node:crypto";
import { createInProcessBus, createInProcessHub } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Msg, TestClient } from "./realtime-client.ts";
import { type Account, type Harness, startHarness } from "./realtime-harness.ts";

const GRACE_MS = 400;

async function ok(c: TestClient, type: string, body: Msg = {}): Promise<Msg> {
  const res = await c.request(type, body);
  if (res.success !== true) throw new Error(`${type}: ${JSON.stringify(res)}`);
  return res;
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("presence on two nodes", () => {
  const nodes: Harness[] = [];
  beforeAll(async () => {
    const hub = createInProcessHub();
    const storage = createMemoryStorage();
    for (let i = 0; i < 2; i++) {
      nodes.push(
        await startHarness({
          storage,
          bus: createInProcessBus({ hub }),
          presenceGraceMs: GRACE_MS,
          presenceCountOnlyAbove: 3,
        }),
      );
    }
    await until(() => nodes.every((n) => n.lair.bus.nodes().length === 1), "the nodes to meet");
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
  });

  const tag = () => randomBytes(3).toString("hex");
  const presenceOf = (c: TestClient, user: Account) =>
    c.received
      .filter((m) => m.user_id === user.user.id && String(m.type).startsWith("user_o"))
      .map((m) => m.type);

  it("does not flap when a user's tab closes and reopens on the other node within the grace", async () => {
    const [a, b] = nodes as [Harness, Harness];
    const t = tag();
    const [watcher, roamer] = [await a.register(`w_${t}`), await a.register(`r_${t}`)];
    const w = await a.connect("ws", watcher);
    const roomId = String(((await ok(w, "create_room", { name: `flap-${t}` })).room as Msg).id);
    expect((await b.api("POST", `/api/v1/rooms/${roomId}/join`, roamer.token)).status).toBe(200);
    const tab1 = await b.connect("ws", roamer);
    await until(() => presenceOf(w, roamer).includes("user_online"), "user_online at the watcher");
    tab1.close();
    await tab1.closed;
    // A reload: the next tab opens on the other node well within the grace.
    const tab2 = await a.connect("ws", roamer);
    await sleep(GRACE_MS * 2);
    await w.request("ping");
    expect(presenceOf(w, roamer)).toEqual(["user_online"]);
    tab2.close();
    await until(() => presenceOf(w, roamer).length === 2, "user_offline after the grace");
    expect(presenceOf(w, roamer)).toEqual(["user_online", "user_offline"]);
    w.close();
  });

  it("sends no per-user presence through rooms above presenceCountOnlyAbove, but still through DMs", async () => {
    const [a, b] = nodes as [Harness, Harness];
    const t = tag();
    const [owner, subject, third, fourth, partner] = await Promise.all(
      ["o", "s", "t", "f", "p"].map((n) => a.register(`${n}_${t}`)),
    );
    const co = await a.connect("ws", owner!);
    const cp = await a.connect("ws", partner!);
    const big = String(((await ok(co, "create_room", { name: `big-${t}` })).room as Msg).id);
    for (const member of [subject!, third!, fourth!]) {
      const c = await a.connect("ws", member);
      await ok(c, "join_room", { room_id: big });
      c.close();
      await c.closed;
    }
    // Four members (> 3): count-only. The partner shares only a DM with the subject.
    await ok(cp, "send_message", { target: { type: "dm", recipient: subject!.user.id }, content: "hi" });
    await sleep(GRACE_MS * 2);
    await co.request("ping");
    const ownerBefore = presenceOf(co, subject!).length;
    const cs = await b.connect("ws", subject!);
    await until(() => presenceOf(cp, subject!).includes("user_online"), "user_online at the DM partner");
    // Both recipients are on the same node and the change travels as one batch: the owner has had its chance.
    await co.request("ping");
    expect(presenceOf(co, subject!).length).toBe(ownerBefore);
    cs.close();
    await until(() => presenceOf(cp, subject!).includes("user_offline"), "user_offline at the DM partner");
    await co.request("ping");
    expect(presenceOf(co, subject!).length).toBe(ownerBefore);
    co.close();
    cp.close();
  });
});
