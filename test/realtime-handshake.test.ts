/**
 * Handshake and authentication over real WebSocket and TCP sockets (docs/server.md,
 * "Real-time endpoints"): server_hello, version negotiation, ping in any state, token and
 * `?token=` authentication, and requests in the wrong state.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestClient } from "./realtime-client.ts";
import { type Account, type Harness, startHarness } from "./realtime-harness.ts";

let h: Harness;
let alice: Account;

beforeAll(async () => {
  h = await startHarness({ serverName: "Handshake Lair" });
  alice = await h.register("alice_hs");
});
afterAll(() => h.close());

const open = (kind: "ws" | "tcp"): Promise<TestClient> => (kind === "ws" ? h.ws() : h.tcp());

describe.each(["ws", "tcp"] as const)("%s", (kind) => {
  it("opens with server_hello", async () => {
    const c = await open(kind);
    const hello = await c.next();
    expect(hello).toMatchObject({
      type: "server_hello",
      version: "1.1",
      server_name: "Handshake Lair",
      encryption_required: false,
    });
    const features = hello.features as string[];
    expect(features).toEqual(expect.arrayContaining(["seq", "idempotency", "resume", "cursor"]));
    expect(features.includes("encryption")).toBe(kind === "tcp");
  });

  it("answers ping before client_hello", async () => {
    const c = await open(kind);
    await c.waitForType("server_hello");
    c.send({ type: "ping" });
    const pong = await c.next();
    expect(pong.type).toBe("pong");
    expect(new Date(String(pong.server_time)).toISOString()).toBe(pong.server_time);
  });

  it("refuses a 2.x client_hello with version_mismatch and closes", async () => {
    const c = await open(kind);
    await c.waitForType("server_hello");
    c.send({ type: "client_hello", version: "2.0", client_name: "future" });
    expect(await c.next()).toMatchObject({ type: "error", code: "version_mismatch" });
    await c.closed;
  });

  it.each(["1.0", "1.1", "1.7"])("accepts client version %s and a token", async (version) => {
    const c = await open(kind);
    await c.waitForType("server_hello");
    c.send({ type: "client_hello", version, features: [] });
    const res = await c.request("authenticate", { token: alice.token });
    expect(res).toMatchObject({
      type: "authenticate_response",
      success: true,
      user: { id: alice.user.id, username: "alice_hs" },
      session: { id: alice.session.id },
    });
    expect(String((res.session as { expires_at: string }).expires_at)).toMatch(/Z$/);
  });

  it("answers a bad token with authenticate_response success:false and stays open", async () => {
    const c = await open(kind);
    await c.waitForType("server_hello");
    c.send({ type: "client_hello", version: "1.1" });
    const res = await c.request("authenticate", { token: "not.a.token" });
    expect(res).toMatchObject({
      type: "authenticate_response",
      success: false,
      error: { code: "invalid_token" },
    });
    const ok = await c.request("authenticate", { token: alice.token });
    expect(ok.success).toBe(true);
  });

  it("refuses a command before authenticate with an error carrying the request_id", async () => {
    const c = await open(kind);
    await c.waitForType("server_hello");
    c.send({ type: "client_hello", version: "1.1" });
    const res = await c.request("list_rooms");
    expect(res).toMatchObject({ type: "error", code: "unauthorized" });
    c.send({ type: "ping" });
    expect(await c.waitForType("pong")).toBeTruthy();
  });

  it("refuses authenticate before client_hello", async () => {
    const c = await open(kind);
    await c.waitForType("server_hello");
    const res = await c.request("authenticate", { token: alice.token });
    expect(res).toMatchObject({ type: "error", code: "unauthorized" });
  });

  it("authenticates with the deprecated login, which returns a token", async () => {
    const c = await open(kind);
    await c.waitForType("server_hello");
    c.send({ type: "client_hello", version: "1.1" });
    const res = await c.request("login", { identifier: "ALICE_HS", password: "correct horse battery" });
    expect(res).toMatchObject({ type: "login_response", success: true, user: { username: "alice_hs" } });
    expect(typeof res.token).toBe("string");
    expect((await c.request("get_current_user")).success).toBe(true);
  });

  it("registers over the socket (deprecated) and is authenticated", async () => {
    const c = await open(kind);
    await c.waitForType("server_hello");
    c.send({ type: "client_hello", version: "1.1" });
    const username = `reg_${kind}`;
    const res = await c.request("register", {
      username,
      email: `${username}@example.com`,
      password: "password123",
    });
    expect(res).toMatchObject({ type: "register_response", success: true, user: { username } });
    expect((await c.request("get_current_user")).user).toMatchObject({ username });
  });
});

describe("ws ?token=", () => {
  it("pre-authenticates: server_hello, then authenticate_response", async () => {
    const c = await h.ws(alice.token);
    expect(await c.next()).toMatchObject({ type: "server_hello" });
    expect(await c.next()).toMatchObject({
      type: "authenticate_response",
      request_id: null,
      success: true,
      user: { id: alice.user.id },
    });
    expect((await c.request("get_current_user")).success).toBe(true);
  });

  it("lets a pre-authenticated client negotiate extensions with a late client_hello", async () => {
    const c = await h.ws(alice.token);
    await c.waitForType("authenticate_response");
    c.send({ type: "client_hello", version: "1.1", features: ["seq"] });
    const room = await c.request("create_room", { name: "preauth-room" });
    const roomId = (room.room as { id: string }).id;
    const sent = await c.request("send_message", {
      target: { type: "room", room_id: roomId },
      content: "hi",
    });
    expect((sent.message as { seq?: number }).seq).toBe(1);
  });

  it("answers a bad ?token= with authenticate_response success:false, then allows the handshake", async () => {
    const c = await h.ws("bogus");
    await c.waitForType("server_hello");
    expect(await c.next()).toMatchObject({
      type: "authenticate_response",
      success: false,
      error: { code: "invalid_token" },
    });
    c.send({ type: "client_hello", version: "1.1" });
    expect((await c.request("authenticate", { token: alice.token })).success).toBe(true);
  });
});
