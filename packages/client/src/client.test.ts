import { afterEach, describe, expect, it } from "vitest";
import { eventually, type Harness, harness, roomMessage } from "../test-support/client-harness.ts";
import type { ScriptedPeer } from "../test-support/scripted-peer.ts";
import type { MessageStatusEvent } from "./events.ts";

const room = { type: "room", room_id: "r1" } as const;
let current: Harness | undefined;

afterEach(() => {
  current?.client.close();
  current = undefined;
});

async function start(): Promise<Harness> {
  current = await harness();
  return current;
}

async function connected(
  h: Harness,
  features: string[],
  since?: Record<string, number>,
): Promise<ScriptedPeer> {
  const peer = await h.nextPeer();
  peer.hello(features);
  await peer.acceptAuth();
  if (since && features.includes("resume")) {
    const resume = await peer.next("resume");
    expect(resume.since).toEqual(since);
    peer.reply(resume, {
      results: Object.fromEntries(Object.keys(since).map((k) => [k, { recovered: true }])),
    });
  }
  return peer;
}

const seqs = (h: Harness) => h.client.state.timeline("room:r1").items.map((i) => i.message.seq);

describe("LairClient over a scripted server", () => {
  it("applies live events to the timeline, typing and unread state", async () => {
    const h = await start();
    const ready = h.client.connect();
    const peer = await connected(h, ["seq", "idempotency", "resume", "cursor"]);
    await ready;
    expect(h.client.connectionState).toBe("connected");
    expect(h.client.features).toEqual(["seq", "idempotency", "resume", "cursor"]);
    peer.send({ type: "user_typing", user_id: "u2", target: room });
    await eventually(() => expect(h.client.state.typing("room:r1")).toEqual(["u2"]));
    peer.send({ type: "message_received", message: roomMessage(1), author_username: "bob", seq: 1 });
    peer.send({ type: "message_received", message: roomMessage(2), author_username: "bob", seq: 2 });
    peer.send({ type: "message_received", message: roomMessage(2), author_username: "bob", seq: 2 });
    await eventually(() => expect(seqs(h)).toEqual([1, 2]));
    expect(h.client.state.typing("room:r1")).toEqual([]);
    expect(h.client.state.unread("room:r1")).toBe(2);
    expect(h.client.state.timeline("room:r1").items[0]?.authorUsername).toBe("bob");
    peer.send({
      type: "message_edited",
      message: { ...roomMessage(1), content: "fixed", edited: true },
      previous_content: "message 1",
      seq: 3,
    });
    peer.send({ type: "message_deleted", message_id: "m2", target: room, deleted_by: "u2", seq: 4 });
    await eventually(() =>
      expect(h.client.state.timeline("room:r1").items.map((i) => i.message.content)).toEqual(["fixed"]),
    );
  });

  it("queues sends while offline and delivers them once, keeping the item's key", async () => {
    const h = await start();
    const statuses: MessageStatusEvent[] = [];
    h.client.on("messageStatus", (s) => statuses.push(s));
    const ready = h.client.connect();
    let peer = await h.nextPeer();
    // Offline: the message waits in the outbox and shows as pending.
    const receipt = await h.client.send(room, "hello");
    expect(h.client.state.timeline("room:r1").items).toMatchObject([
      { key: receipt.clientMessageId, status: "pending" },
    ]);
    peer.hello(["seq", "idempotency", "resume", "cursor"]);
    await peer.acceptAuth();
    await ready;
    // First attempt: the connection dies before the answer.
    const first = await peer.next("send_message");
    expect(first).toMatchObject({
      client_message_id: receipt.clientMessageId,
      content: "hello",
      target: room,
    });
    peer.server.terminate();
    peer = await h.nextPeer();
    peer.hello(["seq", "idempotency", "resume", "cursor"]);
    await peer.acceptAuth();
    const again = await peer.next("send_message");
    expect(again.client_message_id).toBe(receipt.clientMessageId);
    const stored = roomMessage(1, {
      author: "u1",
      content: "hello",
      client_message_id: receipt.clientMessageId,
    });
    peer.send({ type: "message_received", message: stored, author_username: "alice", seq: 1 });
    peer.reply(again, { message: stored });
    const outcome = await receipt.delivered;
    expect(outcome).toMatchObject({ status: "sent", message: { id: "m1" } });
    expect(h.client.state.timeline("room:r1").items).toMatchObject([
      { key: receipt.clientMessageId, status: "sent", message: { id: "m1" } },
    ]);
    expect(statuses.map((s) => s.status)).toEqual(["pending", "sent"]);
    expect(h.client.outbox).toEqual([]);
    expect(h.client.state.unread("room:r1")).toBe(0);
  });

  it("fails a message the server refuses for good, and keeps others flowing", async () => {
    const h = await start();
    const ready = h.client.connect();
    const peer = await connected(h, ["idempotency"]);
    await ready;
    const bad = await h.client.send({ type: "room", room_id: "nope" }, "x");
    const good = await h.client.send(room, "y");
    peer.replyError(await peer.next("send_message"), "not_room_member");
    const second = await peer.next("send_message");
    peer.reply(second, { message: roomMessage(1, { author: "u1", content: "y" }) });
    expect(await bad.delivered).toMatchObject({ status: "failed", error: { code: "not_room_member" } });
    expect(await good.delivered).toMatchObject({ status: "sent" });
    expect(h.client.state.timeline("room:nope").items).toMatchObject([{ status: "failed" }]);
    await expect(h.client.send(room, "   ")).rejects.toMatchObject({ code: "content_invalid" });
  });

  it("resumes from the last seq after a drop: replay, no duplicate, no gap", async () => {
    const h = await start();
    const resumed: unknown[] = [];
    h.client.on("resumed", (r) => resumed.push(r));
    const ready = h.client.connect();
    let peer = await connected(h, ["seq", "resume", "cursor"]);
    await ready;
    for (const seq of [1, 2]) {
      peer.send({ type: "message_received", message: roomMessage(seq), author_username: "bob", seq });
    }
    await eventually(() => expect(seqs(h)).toEqual([1, 2]));
    peer.server.terminate();
    peer = await h.nextPeer();
    peer.hello(["seq", "resume", "cursor"]);
    await peer.acceptAuth();
    const resume = await peer.next("resume");
    expect(resume.since).toEqual({ "room:r1": 2 });
    // A live message overtakes the replay: not a gap to chase while resuming.
    peer.send({ type: "message_received", message: roomMessage(5), author_username: "bob", seq: 5 });
    for (const seq of [3, 4]) {
      peer.send({ type: "message_received", message: roomMessage(seq), author_username: "bob", seq });
    }
    peer.reply(resume, { results: { "room:r1": { recovered: true, last_seq: 5 } } });
    await eventually(() => expect(resumed).toHaveLength(2));
    expect(seqs(h)).toEqual([1, 2, 3, 4, 5]);
    expect(resumed[1]).toMatchObject({
      mode: "resume",
      reconnect: true,
      conversations: { "room:r1": { recovered: true } },
    });
    expect(h.http).toEqual([]);
  });

  it("backfills over HTTP with after_seq when the server cannot replay", async () => {
    const h = await start();
    h.routes.push(({ url }) => {
      if (url.pathname !== "/api/v1/messages") return undefined;
      const after = Number(url.searchParams.get("after_seq"));
      const all = [3, 4, 5, 6].filter((s) => s > after);
      const page = all.slice(0, 2);
      return {
        body: {
          messages: page.map((s) => roomMessage(s)),
          has_more: all.length > 2,
          next_cursor: all.length > 2 ? page.at(-1) : null,
        },
      };
    });
    const gaps: unknown[] = [];
    h.client.on("gap", (g) => gaps.push(g));
    const ready = h.client.connect();
    let peer = await connected(h, ["seq", "resume", "cursor"]);
    await ready;
    peer.send({ type: "message_received", message: roomMessage(2), author_username: "bob", seq: 2 });
    await eventually(() => expect(seqs(h)).toEqual([2]));
    peer.server.terminate();
    peer = await h.nextPeer();
    peer.hello(["seq", "resume", "cursor"]);
    await peer.acceptAuth();
    peer.reply(await peer.next("resume"), { results: { "room:r1": { recovered: false, last_seq: 6 } } });
    await eventually(() => expect(seqs(h)).toEqual([2, 3, 4, 5, 6]));
    expect(gaps).toEqual([{ conversation: "room:r1", from: 3, to: 6, reason: "resume" }]);
    expect(h.http.map((r) => r.url.searchParams.get("after_seq"))).toEqual(["2", "4"]);
  });

  it("chases a live gap with a backfill", async () => {
    const h = await start();
    h.routes.push(({ url }) =>
      url.pathname === "/api/v1/messages"
        ? { body: { messages: [roomMessage(2), roomMessage(3)], has_more: false } }
        : undefined,
    );
    const ready = h.client.connect();
    const peer = await connected(h, ["seq", "resume", "cursor"]);
    await ready;
    peer.send({ type: "message_received", message: roomMessage(1), author_username: "bob", seq: 1 });
    peer.send({ type: "message_received", message: roomMessage(4), author_username: "bob", seq: 4 });
    await eventually(() => expect(seqs(h)).toEqual([1, 2, 3, 4]));
    expect(h.http[0]?.url.searchParams.get("after_seq")).toBe("1");
  });

  it("against a plain Lair 1.1 server, backfills the newest page after a reconnect and dedupes", async () => {
    const h = await start();
    const plain = (n: number) => ({ ...roomMessage(n), seq: undefined });
    h.routes.push(({ url }) =>
      url.pathname === "/api/v1/messages"
        ? { body: { messages: [1, 2, 3].map(plain), has_more: false } }
        : undefined,
    );
    const ready = h.client.connect();
    let peer = await connected(h, []);
    await ready;
    peer.send({ type: "message_received", message: plain(1), author_username: "bob" });
    await eventually(() => expect(h.client.state.timeline("room:r1").items).toHaveLength(1));
    peer.server.terminate();
    peer = await h.nextPeer();
    peer.hello([]);
    await peer.acceptAuth();
    await eventually(() =>
      expect(h.client.state.timeline("room:r1").items.map((i) => i.message.id)).toEqual(["m1", "m2", "m3"]),
    );
    expect(peer.received.map((f) => f.type)).not.toContain("resume");
  });
});

describe("resume interrupted by a drop", () => {
  it("keeps a hole opened during an unfinished resume and resumes from before it", async () => {
    const h = await start();
    const ready = h.client.connect();
    let peer = await connected(h, ["seq", "resume", "cursor"]);
    await ready;
    peer.send({ type: "message_received", message: roomMessage(1), author_username: "bob", seq: 1 });
    await eventually(() => expect(seqs(h)).toEqual([1]));
    peer.server.terminate();
    peer = await h.nextPeer();
    peer.hello(["seq", "resume", "cursor"]);
    await peer.acceptAuth();
    expect((await peer.next("resume")).since).toEqual({ "room:r1": 1 });
    // A live message overtakes the replay, then the connection dies before the replay.
    peer.send({ type: "message_received", message: roomMessage(9), author_username: "bob", seq: 9 });
    await eventually(() => expect(seqs(h)).toEqual([1, 9]));
    peer.server.terminate();
    peer = await h.nextPeer();
    peer.hello(["seq", "resume", "cursor"]);
    await peer.acceptAuth();
    const resume = await peer.next("resume");
    expect(resume.since).toEqual({ "room:r1": 1 });
    for (const seq of [2, 3, 4, 5, 6, 7, 8, 9]) {
      peer.send({ type: "message_received", message: roomMessage(seq), author_username: "bob", seq });
    }
    peer.reply(resume, { results: { "room:r1": { recovered: true, last_seq: 9 } } });
    await eventually(() => expect(seqs(h)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // Filled: the next resume starts from the top.
    peer.server.terminate();
    peer = await h.nextPeer();
    peer.hello(["seq", "resume", "cursor"]);
    await peer.acceptAuth();
    expect((await peer.next("resume")).since).toEqual({ "room:r1": 9 });
  });
});
