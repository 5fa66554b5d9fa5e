/**
 * The example over real HTTP: the app's own routes and 404s are untouched by Lair, its JSON
 * body parser does not break /api/v1, and its logged-in users chat through the authenticate
 * hook (HTTP and /ws) with nothing but the app's cookie.
 */
import { createSqliteStorage } from "@lair-chat/storage-sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createApp, type NotesApp } from "./app.ts";

type Json = Record<string, any>;

let notes: NotesApp;
let base: string;
const storage = createSqliteStorage({ url: "sqlite::memory:" });
const sockets: WebSocket[] = [];

beforeAll(async () => {
  notes = createApp({
    storage,
    jwtSecret: "express-embed-test-jwt-secret-0123456789",
    sessionSecret: "express-embed-test-session-secret-012345",
    rateLimits: false,
  });
  base = await notes.listen(0);
});

afterAll(async () => {
  for (const s of sockets) if (s.readyState === WebSocket.OPEN) s.terminate();
  await notes.close();
  await storage.close();
});

async function call(
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; origin?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    redirect: "manual",
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}

/** Signs up on the app (not on Lair) and returns the app's session cookie. */
async function hostUser(username: string): Promise<string> {
  const res = await call("POST", "/signup", {
    body: { username, email: `${username}@notes.example`, password: "notes-password-1" },
  });
  expect(res.status).toBe(201);
  const setCookie = res.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/^notes_session=/);
  return setCookie.split(";")[0]!;
}

/** A /ws socket that collects frames; `next(type)` waits for the first unseen frame of that type. */
function openSocket(cookie?: string) {
  const ws = new WebSocket(`${base.replace("http", "ws")}/ws`, cookie ? { headers: { cookie } } : {});
  sockets.push(ws);
  const inbox: Json[] = [];
  const waiters: Array<{ type: string; resolve: (m: Json) => void }> = [];
  ws.on("message", (data) => {
    const m = JSON.parse(String(data)) as Json;
    const i = waiters.findIndex((w) => w.type === m.type);
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(m);
    else inbox.push(m);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  opened.catch(() => {}); // a refused upgrade is awaited through `refused` instead
  const refused = new Promise<number>((resolve) =>
    ws.once("unexpected-response", (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    }),
  );
  return {
    ws,
    opened,
    refused,
    next(type: string): Promise<Json> {
      const i = inbox.findIndex((m) => m.type === type);
      if (i >= 0) return Promise.resolve(inbox.splice(i, 1)[0]!);
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
    send(frame: Json) {
      ws.send(JSON.stringify(frame));
    },
  };
}

describe("the app's own routes", () => {
  it("serves its pages, its 404s and its JSON routes as before", async () => {
    const home = await call("GET", "/");
    expect(home.status).toBe(200);
    expect(home.body.text).toContain("<h1>My Notes</h1>");
    for (const path of ["/nope", "/api/v2/rooms", "/healthz", "/ws-not"]) {
      const missing = await call("GET", path);
      expect(missing.status, path).toBe(404);
      expect(missing.body.text, path).toBe("My Notes: no such page");
    }
    const cookie = await hostUser("nora");
    expect((await call("POST", "/notes", { cookie, body: { text: "buy milk" } })).status).toBe(201);
    expect((await call("GET", "/notes", { cookie })).body).toEqual({ notes: ["buy milk"] });
    expect((await call("GET", "/notes")).status).toBe(401);
    expect((await call("GET", "/", { cookie })).body.text).toContain("buy milk");
  });

  it("logs in and out with its own session cookie", async () => {
    await hostUser("olga");
    const bad = await call("POST", "/login", { body: { username: "olga", password: "wrong-password" } });
    expect(bad.status).toBe(401);
    const good = await call("POST", "/login", { body: { username: "OLGA", password: "notes-password-1" } });
    expect(good.status).toBe(200);
    const cookie = (good.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect((await call("GET", "/api/v1/users/me", { cookie })).body.user.username).toBe("olga");
    const out = await call("POST", "/logout", { cookie });
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    const forged = cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await call("GET", "/api/v1/users/me", { cookie: forged })).status).toBe(401);
  });
});

describe("Lair beside the app", () => {
  it("answers its own paths, with its own 404 inside /api/v1", async () => {
    expect((await call("GET", "/health")).body.status).toBe("healthy");
    expect((await call("GET", "/ready")).body).toEqual({ ready: true, database: "connected" });
    const missing = await call("GET", "/api/v1/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    const anonymous = await call("GET", "/api/v1/users/me");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("missing_token");
  });

  it("keeps Lair's own sign-up closed: accounts come from the app", async () => {
    const res = await call("POST", "/api/v1/auth/register", {
      body: { username: "squatter", email: "s@example.com", password: "password-123" },
    });
    expect(res.status).toBe(403);
    const ws = openSocket();
    expect(await ws.refused).toBe(401);
  });

  it("bridges a logged-in user to /api/v1 without a Lair token, parsed body and all", async () => {
    const cookie = await hostUser("alice");
    const me = await call("GET", "/api/v1/users/me", { cookie });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ username: "alice", email: "alice@notes.example" });
    // express.json() has read this body before Lair sees the request.
    const room = await call("POST", "/api/v1/rooms", {
      cookie,
      body: { name: "garden", description: "plants" },
    });
    expect(room.status).toBe(201);
    expect(room.body.room).toMatchObject({ name: "garden", settings: { description: "plants" } });
    // The same user on the next request, not a second one.
    expect((await call("GET", "/api/v1/users/me", { cookie })).body.user.id).toBe(me.body.user.id);
    const crossSite = await call("POST", "/api/v1/rooms", {
      cookie,
      origin: "https://evil.example",
      body: { name: "x1" },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe("origin_not_allowed");
  });

  it("lets two app users chat over /ws with nothing but their cookies", async () => {
    const ann = await hostUser("ann");
    const ben = await hostUser("ben");
    const created = await call("POST", "/api/v1/rooms", { cookie: ann, body: { name: "kitchen" } });
    const roomId = created.body.room.id as string;
    expect((await call("POST", `/api/v1/rooms/${roomId}/join`, { cookie: ben })).status).toBe(200);

    const annWs = openSocket(ann);
    const benWs = openSocket(ben);
    await Promise.all([annWs.opened, benWs.opened]);
    for (const [socket, name] of [
      [annWs, "ann"],
      [benWs, "ben"],
    ] as const) {
      expect((await socket.next("server_hello")).version).toBe("1.1");
      const auth = await socket.next("authenticate_response");
      expect(auth).toMatchObject({ success: true, user: { username: name } });
    }

    annWs.send({
      type: "send_message",
      request_id: "r1",
      target: { type: "room", room_id: roomId },
      content: "hello from the notes app",
    });
    const sent = await annWs.next("send_message_response");
    expect(sent).toMatchObject({ success: true, request_id: "r1" });
    const received = await benWs.next("message_received");
    expect(received).toMatchObject({
      author_username: "ann",
      message: { content: "hello from the notes app" },
    });

    // The same message is in the history Ben reads over HTTP with his cookie.
    const history = await call("GET", `/api/v1/messages?target_type=room&target_id=${roomId}`, {
      cookie: ben,
    });
    expect(history.body.messages.map((m: Json) => m.content)).toEqual(["hello from the notes app"]);
  });

  it("refuses /ws to a visitor who is not logged in to the app", async () => {
    const forged = openSocket("notes_session=mallory.99999999999999.AAAA");
    expect(await forged.refused).toBe(401);
  });
});
