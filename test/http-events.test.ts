/**
 * Events caused by HTTP commands, seen through engine connections: each reaches exactly the
 * audience Lair's EVENTS.md names, in commit order per conversation; plus typing, presence and
 * the `resume` replay.
 */
import { randomUUID } from "node:crypto";
import type { CallContext, ConnectionHandle, Principal } from "@lair-chat/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  addMember,
  type Harness,
  type Json,
  login,
  newRoom,
  newUser,
  postMessage,
  startHarness,
  type TestUser,
} from "./http-harness.ts";

interface Conn extends ConnectionHandle {
  events: Array<Record<string, Json>>;
  closed: string | null;
  of(type: string): Array<Record<string, Json>>;
}

let h: Harness;
const conns: Conn[] = [];

async function connect(user: TestUser, features: string[] = []): Promise<Conn> {
  const principal: Principal = await h.lair.engine.verifyToken(user.token);
  const c: Conn = {
    id: randomUUID(),
    principal,
    transport: "tcp",
    features: new Set(features),
    events: [],
    closed: null,
    send(json) {
      c.events.push(JSON.parse(json));
    },
    close(code) {
      c.closed = code;
      h.lair.engine.detachConnection(c);
    },
    of(type) {
      return c.events.filter((e) => e.type === type);
    },
  };
  await h.lair.engine.attachConnection(c);
  conns.push(c);
  return c;
}

function ctxOf(c: Conn): CallContext {
  return {
    principal: c.principal,
    transport: c.transport,
    clientAddress: "127.0.0.1",
    userAgent: null,
    features: c.features,
    connection: c,
  };
}

beforeAll(async () => {
  h = await startHarness({ resumeWindow: 5 });
});
afterAll(async () => {
  for (const c of conns) h.lair.engine.detachConnection(c);
  await h.close();
});

describe("audiences", () => {
  it("room messages go to members only; DMs to the pair only", async () => {
    const [a, b, out] = [await newUser(h, "a"), await newUser(h, "b"), await newUser(h, "out")];
    const room = await newRoom(h, a);
    await addMember(h, a, room, b);
    const [ca, cb, co] = [await connect(a), await connect(b), await connect(out)];
    await postMessage(h, a, room, "to the room");
    await h.call("POST", "/api/v1/messages", {
      token: b.token,
      body: { target: { type: "direct_message", recipient: out.id }, content: "psst" },
    });
    await vi.waitFor(() => expect(co.of("message_received")).toHaveLength(1));
    expect(ca.of("message_received").map((e) => e.message.content)).toEqual(["to the room"]);
    expect(cb.of("message_received").map((e) => e.message.content)).toEqual(["to the room", "psst"]);
    expect(co.of("message_received")[0]).toMatchObject({
      message: { content: "psst", target: { type: "dm", recipient: out.id } },
      author_username: b.username,
    });
  });

  it("presence reaches only users who share a room or a DM", async () => {
    const [a, b, stranger] = [await newUser(h, "pa"), await newUser(h, "pb"), await newUser(h, "ps")];
    const room = await newRoom(h, a);
    await addMember(h, a, room, b);
    const [cb, cs] = [await connect(b), await connect(stranger)];
    const ca = await connect(a);
    await vi.waitFor(() => expect(cb.of("user_online").map((e) => e.user_id)).toContain(a.id));
    expect(cs.of("user_online").map((e) => e.user_id)).not.toContain(a.id);
    ca.close("test", "bye");
    await vi.waitFor(() => expect(cb.of("user_offline").map((e) => e.user_id)).toContain(a.id));
    expect(cs.of("user_offline")).toHaveLength(0);
  });

  it("membership and room events: join, update, kick, leave, delete, invitations", async () => {
    const [owner, m1, m2, guest] = [
      await newUser(h, "ro"),
      await newUser(h, "r1"),
      await newUser(h, "r2"),
      await newUser(h, "rg"),
    ];
    const room = await newRoom(h, owner);
    const [co, c1, c2, cg] = [
      await connect(owner),
      await connect(m1),
      await connect(m2),
      await connect(guest),
    ];
    await addMember(h, owner, room, m1);
    await addMember(h, owner, room, m2);
    await vi.waitFor(() => expect(co.of("user_joined_room")).toHaveLength(2));
    expect(c1.of("user_joined_room").map((e) => e.user.id)).toEqual([m1.id, m2.id]);
    await h.call("PATCH", `/api/v1/rooms/${room}`, {
      token: owner.token,
      body: { name: `renamed-${room.slice(0, 8)}` },
    });
    await vi.waitFor(() => expect(c2.of("room_updated")).toHaveLength(1));
    expect(c2.of("room_updated")[0]!.changes[0]).toMatchObject({ field: "name" });
    await h.call("DELETE", `/api/v1/rooms/${room}/members/${m2.id}`, { token: owner.token });
    await vi.waitFor(() => expect(c2.of("user_left_room")).toHaveLength(1));
    expect(c2.of("user_left_room")[0]).toMatchObject({ user_id: m2.id, reason: "kicked" });
    expect(co.of("user_left_room")[0]).toMatchObject({ user_id: m2.id, reason: "kicked" });
    await h.call("POST", `/api/v1/rooms/${room}/leave`, { token: m1.token });
    await vi.waitFor(() => expect(co.of("user_left_room")).toHaveLength(2));
    expect(c1.of("user_left_room").filter((e) => e.reason === "left")).toHaveLength(0);
    const inv = await h.call("POST", "/api/v1/invitations", {
      token: owner.token,
      body: { room_id: room, user_id: guest.id },
    });
    await vi.waitFor(() => expect(cg.of("invitation_received")).toHaveLength(1));
    expect(cg.of("invitation_received")[0]!.invitation.id).toBe(inv.body.invitation.id);
    expect(co.of("invitation_received")).toHaveLength(0);
    await h.call("DELETE", `/api/v1/rooms/${room}`, { token: owner.token });
    await vi.waitFor(() => expect(co.of("room_deleted")).toHaveLength(1));
    expect(co.of("user_left_room").at(-1)).toMatchObject({ user_id: owner.id, reason: "room deleted" });
    await vi.waitFor(() => expect(cg.of("invitation_cancelled")).toHaveLength(1));
    expect(cg.of("invitation_cancelled")[0]).toMatchObject({ reason: "room_deleted" });
    expect(c1.of("room_deleted")).toHaveLength(0);
  });

  it("delivers a conversation's events in commit (seq) order", async () => {
    const [a, b] = [await newUser(h, "oa"), await newUser(h, "ob")];
    const room = await newRoom(h, a);
    await addMember(h, a, room, b);
    const cb = await connect(b, ["seq"]);
    await Promise.all(Array.from({ length: 20 }, (_, i) => postMessage(h, i % 2 ? a : b, room, `n${i}`)));
    await vi.waitFor(() => expect(cb.of("message_received")).toHaveLength(20));
    const seqs = cb.of("message_received").map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(20);
  });
});

describe("typing", () => {
  it("requires membership and throttles to one event per interval", async () => {
    const [a, b, out] = [await newUser(h, "ta"), await newUser(h, "tb"), await newUser(h, "to")];
    const room = await newRoom(h, a);
    await addMember(h, a, room, b);
    const [ca, cb, co] = [await connect(a), await connect(b), await connect(out)];
    const target = { type: "room", room_id: room };
    await h.lair.engine.execute("typing", ctxOf(ca), { target });
    await h.lair.engine.execute("typing", ctxOf(ca), { target });
    await expect(h.lair.engine.execute("typing", ctxOf(co), { target })).rejects.toMatchObject({
      code: "not_room_member",
    });
    await vi.waitFor(() => expect(cb.of("user_typing")).toHaveLength(1));
    expect(ca.of("user_typing")).toHaveLength(0);
    expect(cb.of("user_typing")[0]).toMatchObject({ user_id: a.id, target });
  });
});

describe("logout over a connection", () => {
  it("revokes the session, closes its other connections, leaves the caller's to its endpoint", async () => {
    const u = await newUser(h, "lo");
    const [c1, c2] = [await connect(u), await connect(u)];
    await h.lair.engine.execute("logout", ctxOf(c1), {});
    expect(c2.closed).toBe("session_not_found");
    expect(c1.closed).toBeNull();
    expect((await h.call("GET", "/api/v1/users/me", { token: u.token })).status).toBe(401);
  });
});

describe("resume", () => {
  it("replays what came after a seq, or reports recovered: false past the window", async () => {
    const [a, b] = [await newUser(h, "ra"), await newUser(h, "rb")];
    const room = await newRoom(h, a);
    await addMember(h, a, room, b);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await postMessage(h, a, room, `r${i}`));
    await h.call("PATCH", `/api/v1/messages/${ids[1]}`, { token: a.token, body: { content: "r1!" } });
    await h.call("DELETE", `/api/v1/messages/${ids[2]}`, { token: a.token });
    const cb = await connect(b, ["seq", "resume"]);
    const key = `room:${room}`;
    const out = await h.lair.engine.resume(cb, { [key]: 2 });
    expect(out[key]).toEqual({ recovered: true, lastSeq: 6 });
    expect(cb.events.filter((e) => e.seq !== undefined).map((e) => [e.type, e.seq])).toEqual([
      ["message_received", 3],
      ["message_received", 4],
      ["message_edited", 5],
      ["message_deleted", 6],
    ]);
    const far = await h.lair.engine.resume(cb, { [key]: 0 });
    expect(far[key]).toEqual({ recovered: false, lastSeq: 6 });
    const stranger = await connect(await newUser(h, "rs"), ["resume"]);
    expect(await h.lair.engine.resume(stranger, { [key]: 0 })).toEqual({});
  });
});

describe("a second session of the same user", () => {
  it("receives its own user's events on every session", async () => {
    const u = await newUser(h, "multi");
    const other = await login(h, u.username);
    const room = await newRoom(h, u);
    const [c1, c2] = [await connect(u), await connect(other)];
    await postMessage(h, u, room, "both");
    await vi.waitFor(() => expect(c2.of("message_received")).toHaveLength(1));
    expect(c1.of("message_received")).toHaveLength(1);
  });
});
