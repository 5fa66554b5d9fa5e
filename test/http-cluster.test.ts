/**
 * Two server instances in one process: side by side with nothing shared, and as a two-node
 * cluster (one storage, one in-process hub) where events, presence and session revocation
 * cross from one node to the other.
 */
import { randomUUID } from "node:crypto";
import {
  type ConnectionHandle,
  createInProcessBus,
  createInProcessHub,
  type Engine,
  type Principal,
} from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  addMember,
  type Harness,
  type Json,
  login,
  newRoom,
  newUser,
  startHarness,
  type TestUser,
} from "./http-harness.ts";

interface FakeConnection extends ConnectionHandle {
  received: Array<Record<string, Json>>;
  closed: { code: string; message: string } | null;
}

/** Like a real endpoint, closing detaches the connection from the engine that holds it. */
function fakeConnection(principal: Principal, features: string[] = [], engine?: Engine): FakeConnection {
  const c: FakeConnection = {
    id: randomUUID(),
    principal,
    transport: "websocket",
    features: new Set(features),
    received: [],
    closed: null,
    send(json) {
      c.received.push(JSON.parse(json));
    },
    close(code, message) {
      c.closed = { code, message };
      engine?.detachConnection(c);
    },
  };
  return c;
}

describe("two independent servers", () => {
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    a = await startHarness();
    b = await startHarness({ jwtSecret: "a-completely-different-secret-0123456789" });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("share no users, tokens or metrics", async () => {
    const u = await newUser(a, "solo");
    expect((await a.call("GET", "/api/v1/users/me", { token: u.token })).status).toBe(200);
    expect((await b.call("GET", "/api/v1/users/me", { token: u.token })).body.error.code).toBe(
      "invalid_token",
    );
    expect(
      (
        await b.call("POST", "/api/v1/auth/login", {
          body: { identifier: u.username, password: "whatever-pw" },
        })
      ).status,
    ).toBe(401);
    expect(a.lair.metrics).not.toBe(b.lair.metrics);
    const text = await b.lair.metrics.metrics();
    expect(text).not.toContain('route="/api/v1/auth/register"');
  });
});

describe("a two-node cluster", () => {
  let n1: Harness;
  let n2: Harness;
  let alice: TestUser;
  let bob: TestUser;
  let roomId: string;

  beforeAll(async () => {
    const storage = createMemoryStorage();
    const hub = createInProcessHub();
    n1 = await startHarness({
      storage,
      bus: createInProcessBus({ hub }),
      admin: { username: "croot", password: "croot-password", email: "c@example.com" },
    });
    n2 = await startHarness({ storage, bus: createInProcessBus({ hub }) });
    await vi.waitFor(() => expect(n1.lair.bus.nodes()).toEqual([n2.lair.bus.nodeId]));
    alice = await newUser(n1, "alice");
    bob = await newUser(n2, "bob");
    roomId = await newRoom(n1, alice);
    await addMember(n2, alice, roomId, bob);
  });
  afterAll(async () => {
    await n1.close();
    await n2.close();
  });

  it("delivers an event committed on one node to a connection on the other, once per variant", async () => {
    const plain = fakeConnection(await n2.lair.engine.verifyToken(bob.token));
    const withSeq = fakeConnection(await n2.lair.engine.verifyToken(bob.token), ["seq", "idempotency"]);
    await n2.lair.engine.attachConnection(plain);
    await n2.lair.engine.attachConnection(withSeq);
    const sent = await n1.call("POST", "/api/v1/messages", {
      token: alice.token,
      body: { target: { type: "room", room_id: roomId }, content: "across", client_message_id: "x-1" },
    });
    expect(sent.status).toBe(201);
    await vi.waitFor(() => expect(plain.received.some((e) => e.type === "message_received")).toBe(true));
    await vi.waitFor(() => expect(withSeq.received.some((e) => e.type === "message_received")).toBe(true));
    const e1 = plain.received.find((e) => e.type === "message_received") as Record<string, Json>;
    const e2 = withSeq.received.find((e) => e.type === "message_received") as Record<string, Json>;
    expect(e1).toMatchObject({ author_username: alice.username, message: { content: "across" } });
    expect(e1.id).toBe(e2.id);
    expect(e1.timestamp).toMatch(/Z$/);
    expect(e1.seq).toBeUndefined();
    expect(e1.message.seq).toBeUndefined();
    expect(e2.seq).toBe(sent.body.message.seq);
    expect(e2.message.client_message_id).toBe("x-1");
    n2.lair.engine.detachConnection(plain);
    n2.lair.engine.detachConnection(withSeq);
  });

  it("sees presence from the other node", async () => {
    const conn = fakeConnection(await n2.lair.engine.verifyToken(bob.token));
    const watcher = fakeConnection(await n1.lair.engine.verifyToken(alice.token));
    await n1.lair.engine.attachConnection(watcher);
    await n2.lair.engine.attachConnection(conn);
    await vi.waitFor(async () =>
      expect((await n1.call("GET", `/api/v1/users/${bob.id}`, { token: alice.token })).body.online).toBe(
        true,
      ),
    );
    await vi.waitFor(() =>
      expect(watcher.received.some((e) => e.type === "user_online" && e.user_id === bob.id)).toBe(true),
    );
    n2.lair.engine.detachConnection(conn);
    await vi.waitFor(async () =>
      expect((await n1.call("GET", `/api/v1/users/${bob.id}`, { token: alice.token })).body.online).toBe(
        false,
      ),
    );
    await vi.waitFor(() =>
      expect(watcher.received.some((e) => e.type === "user_offline" && e.user_id === bob.id)).toBe(true),
    );
    n1.lair.engine.detachConnection(watcher);
  });

  it("closes a session's connection on the other node when it logs out, is killed or banned", async () => {
    const s1 = await login(n1, bob.username);
    const c1 = fakeConnection(await n2.lair.engine.verifyToken(s1.token), [], n2.lair.engine);
    await n2.lair.engine.attachConnection(c1);
    expect((await n1.call("POST", "/api/v1/auth/logout", { token: s1.token })).status).toBe(200);
    await vi.waitFor(() => expect(c1.closed?.code).toBe("session_not_found"));
    await expect(
      n2.lair.engine.execute(
        "get_current_user",
        {
          principal: c1.principal,
          transport: "websocket",
          clientAddress: "x",
          userAgent: null,
          features: new Set(),
        },
        {},
      ),
    ).rejects.toMatchObject({ code: "session_not_found" });

    const admin = await login(n1, "croot", "croot-password");
    const victim = await newUser(n1, "victim");
    const c2 = fakeConnection(await n2.lair.engine.verifyToken(victim.token), [], n2.lair.engine);
    await n2.lair.engine.attachConnection(c2);
    expect(
      (await n1.call("POST", `/api/v1/admin/users/${victim.id}/revoke-sessions`, { token: admin.token }))
        .status,
    ).toBe(200);
    await vi.waitFor(() => expect(c2.closed?.code).toBe("session_not_found"));

    const v2 = await login(n1, victim.username);
    const c3 = fakeConnection(await n2.lair.engine.verifyToken(v2.token), [], n2.lair.engine);
    await n2.lair.engine.attachConnection(c3);
    expect(
      (await n1.call("POST", `/api/v1/admin/users/${victim.id}/ban`, { token: admin.token })).status,
    ).toBe(200);
    await vi.waitFor(() => expect(c3.closed?.code).toBe("account_banned"));
  });

  it("counts connections of every node in admin stats", async () => {
    const admin = await login(n1, "croot", "croot-password");
    const c = fakeConnection(await n2.lair.engine.verifyToken(bob.token));
    await n2.lair.engine.attachConnection(c);
    const stats = await n1.call("GET", "/api/v1/admin/stats", { token: admin.token });
    expect(stats.body.stats.active_connections).toBe(1);
    expect(stats.body.stats.online_users).toBe(1);
    n2.lair.engine.detachConnection(c);
  });
});
