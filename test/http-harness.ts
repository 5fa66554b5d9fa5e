/**
 * Shared by the test/http-*.test.ts files: a Lair server attached to a real http.Server on an
 * ephemeral port, over @lair-chat/storage-memory, and a small JSON client for it.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLairServer, type LairServer, type LairServerOptions } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";

export const SECRET = "integration-test-secret-0123456789abcdef";
export const PASSWORD = "correct-horse-1";

/** A parsed JSON body: tests read fields freely and let the assertions do the checking. */
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

export interface Harness {
  lair: LairServer;
  http: Server;
  base: string;
  storage: ReturnType<typeof createMemoryStorage>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string },
  ): Promise<Reply>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<LairServerOptions> = {}): Promise<Harness> {
  const storage =
    (overrides.storage as ReturnType<typeof createMemoryStorage> | undefined) ?? createMemoryStorage();
  const lair = createLairServer({
    storage,
    jwtSecret: SECRET,
    rateLimits: false,
    // Presence tests watch user_offline right after a close; the flap grace has its own tests.
    presenceGraceMs: 0,
    ...overrides,
  });
  const http = createServer((_req, res) => {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("host app");
  });
  lair.attach(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  await lair.ready();
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    lair,
    http,
    base,
    storage,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.raw !== undefined) body = options.raw;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined && headers["content-type"] === undefined)
        headers["content-type"] = "application/json";
      const res = await fetch(base + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async close() {
      await lair.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
  sessionId: string;
}

let counter = 0;

/** Register a fresh user. */
export async function newUser(h: Harness, prefix = "user"): Promise<TestUser> {
  counter += 1;
  const username = `${prefix}${counter}${Math.floor(Math.random() * 1e6)}`;
  const r = await h.call("POST", "/api/v1/auth/register", {
    body: { username, email: `${username}@example.com`, password: PASSWORD },
  });
  if (r.status !== 201) throw new Error(`register failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.user.id, username, token: r.body.token, sessionId: r.body.session.id };
}

/** Log in again (a second session). */
export async function login(h: Harness, username: string, password = PASSWORD): Promise<TestUser> {
  const r = await h.call("POST", "/api/v1/auth/login", { body: { identifier: username, password } });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.user.id, username, token: r.body.token, sessionId: r.body.session.id };
}

/** Create a room owned by `owner`; returns its id. */
export async function newRoom(
  h: Harness,
  owner: TestUser,
  options: { private?: boolean } = {},
): Promise<string> {
  counter += 1;
  const r = await h.call("POST", "/api/v1/rooms", {
    token: owner.token,
    body: {
      name: `room-${counter}-${Math.floor(Math.random() * 1e6)}`,
      settings: { public: !options.private },
    },
  });
  if (r.status !== 201) throw new Error(`create room failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.room.id;
}

/** Put `user` into `roomId` (public join, or invite + accept for private rooms). */
export async function addMember(
  h: Harness,
  owner: TestUser,
  roomId: string,
  user: TestUser,
  isPrivate = false,
): Promise<void> {
  if (isPrivate) {
    const inv = await h.call("POST", "/api/v1/invitations", {
      token: owner.token,
      body: { room_id: roomId, user_id: user.id },
    });
    if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`);
    const acc = await h.call("POST", `/api/v1/invitations/${inv.body.invitation.id}/accept`, {
      token: user.token,
    });
    if (acc.status !== 200) throw new Error(`accept failed: ${acc.status} ${JSON.stringify(acc.body)}`);
    return;
  }
  const r = await h.call("POST", `/api/v1/rooms/${roomId}/join`, { token: user.token });
  if (r.status !== 200) throw new Error(`join failed: ${r.status} ${JSON.stringify(r.body)}`);
}

/** Send a room message; returns its id. */
export async function postMessage(
  h: Harness,
  user: TestUser,
  roomId: string,
  content = "hello",
): Promise<string> {
  const r = await h.call("POST", "/api/v1/messages", {
    token: user.token,
    body: { target: { type: "room", room_id: roomId }, content },
  });
  if (r.status !== 201) throw new Error(`send failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.message.id;
}
