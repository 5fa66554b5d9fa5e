/**
 * Embedding: `handleRequest` as middleware with `next`, `attach` leaving the host's routes and
 * upgrades alone and lowering headersTimeout, and the host `authenticate` hook bridging a
 * host session (a cookie here) to a Lair user.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLairServer, type LairServer } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { afterEach, describe, expect, it } from "vitest";
import { SECRET } from "./http-harness.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function listen(server: Server, lair: LairServer): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup.push(async () => {
    await lair.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("handleRequest as middleware", () => {
  it("answers its own paths and calls next() for the rest", async () => {
    const lair = createLairServer({ storage: createMemoryStorage(), jwtSecret: SECRET });
    const server = createServer((req, res) => {
      lair.handleRequest(req, res, () => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(`host:${req.url}`);
      });
    });
    const base = await listen(server, lair);
    expect(await (await fetch(`${base}/app/page`)).text()).toBe("host:/app/page");
    expect(await (await fetch(`${base}/api/v2/x`)).text()).toBe("host:/api/v2/x");
    expect((await (await fetch(`${base}/health`)).json()).status).toBe("healthy");
    expect((await fetch(`${base}/api/v1/users/me`)).status).toBe(401);
  });

  it("uses a body a framework has already parsed", async () => {
    const lair = createLairServer({ storage: createMemoryStorage(), jwtSecret: SECRET });
    const server = createServer(async (req, res) => {
      // What express.json() does: consume the stream, leave the result on req.body.
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (chunks.length > 0)
        (req as IncomingMessage & { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString());
      lair.handleRequest(req, res);
    });
    const base = await listen(server, lair);
    const r = await fetch(`${base}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "parsed", email: "parsed@example.com", password: "password-123" }),
    });
    expect(r.status).toBe(201);
  });
  it("refuses a form body a host parser already read (regression: urlencoded bypassed the JSON rule)", async () => {
    const lair = createLairServer({ storage: createMemoryStorage(), jwtSecret: SECRET });
    const server = createServer(async (req, res) => {
      // What express.urlencoded() does: read a form and leave an object on req.body.
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      (req as IncomingMessage & { body?: unknown }).body = Object.fromEntries(
        new URLSearchParams(Buffer.concat(chunks).toString()),
      );
      lair.handleRequest(req, res);
    });
    const base = await listen(server, lair);
    const r = await fetch(`${base}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=formuser&email=form%40example.com&password=password-123",
    });
    expect(r.status).toBe(400);
    expect((await r.json()).error.code).toBe("validation_failed");
  });
});

describe("attach", () => {
  it("keeps the host's routes and lowers headersTimeout", async () => {
    const lair = createLairServer({ storage: createMemoryStorage(), jwtSecret: SECRET });
    const server = createServer((_req, res) => {
      res.writeHead(418);
      res.end("teapot");
    });
    server.headersTimeout = 60_000;
    lair.attach(server);
    expect(server.headersTimeout).toBe(10_000);
    const base = await listen(server, lair);
    expect((await fetch(`${base}/brew`)).status).toBe(418);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });
});

describe("the authenticate hook", () => {
  async function hooked() {
    const storage = createMemoryStorage();
    const lair = createLairServer({
      storage,
      jwtSecret: SECRET,
      authenticate: async (req) => {
        const m = /session=([a-z0-9_]+)/.exec(req.headers.cookie ?? "");
        return m?.[1] ? { username: m[1], email: `${m[1]}@host.example` } : null;
      },
    });
    const server = createServer((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    lair.attach(server);
    const base = await listen(server, lair);
    return { base, storage };
  }

  it("allowRegistration: false closes register so nobody claims a host user's name first", async () => {
    const lair = createLairServer({
      storage: createMemoryStorage(),
      jwtSecret: SECRET,
      allowRegistration: false,
    });
    const server = createServer((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    lair.attach(server);
    const base = await listen(server, lair);
    const r = await fetch(`${base}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "squatter", email: "s@example.com", password: "password-123" }),
    });
    expect(r.status).toBe(403);
    expect((await r.json()).error.code).toBe("permission_denied");
  });

  it("maps a host session to a Lair user, creating it once", async () => {
    const { base, storage } = await hooked();
    const me = await fetch(`${base}/api/v1/users/me`, { headers: { cookie: "session=hostuser" } });
    expect(me.status).toBe(200);
    const body = await me.json();
    expect(body.user.username).toBe("hostuser");
    const again = await (
      await fetch(`${base}/api/v1/users/me`, { headers: { cookie: "session=hostuser" } })
    ).json();
    expect(again.user.id).toBe(body.user.id);
    expect((await storage.listUsers({ limit: 10, offset: 0 })).total).toBe(1);
    expect((await fetch(`${base}/api/v1/users/me`)).status).toBe(401);
    // Such a user has no password to log in with.
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identifier: "hostuser", password: "" }),
    });
    expect(login.status).toBe(401);
  });

  it("refuses cross-site writes that ride on the host session", async () => {
    const { base } = await hooked();
    const post = (origin: string | undefined) =>
      fetch(`${base}/api/v1/rooms`, {
        method: "POST",
        headers: {
          cookie: "session=csrf_user",
          "content-type": "application/json",
          ...(origin ? { origin } : {}),
        },
        body: JSON.stringify({ name: `r-${Math.random()}` }),
      });
    const evil = await post("https://evil.example");
    expect(evil.status).toBe(403);
    expect((await evil.json()).error.code).toBe("origin_not_allowed");
    expect((await post(base)).status).toBe(201);
    expect((await post(undefined)).status).toBe(201);
  });

  it("refuses a banned host user", async () => {
    const { base, storage } = await hooked();
    await fetch(`${base}/api/v1/users/me`, { headers: { cookie: "session=badhost" } });
    const user = await storage.findUserByIdentifier("badhost");
    await storage.updateUser(user!.id, { bannedAt: Date.now() });
    const r = await fetch(`${base}/api/v1/users/me`, { headers: { cookie: "session=badhost" } });
    expect(r.status).toBe(403);
  });
});
