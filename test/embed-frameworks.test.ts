/**
 * The embedding snippets of docs/server.md, run as written: the server kit inside node:http
 * (`attach`, and `handleRequest`/`handleUpgrade` by hand), Express, Fastify and Hono on
 * @hono/node-server. Each serves /health, registration over /api/v1 and an authenticated /ws
 * that answers ping, while the host's own routes, 404s and body parsing keep working.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createLairServer, type LairServer } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Json, PASSWORD, SECRET } from "./http-harness.ts";
import { TestClient } from "./realtime-client.ts";

/** A host app with the kit mounted, listening on an ephemeral port. */
interface Mounted {
  server: Server;
  /** Stop the host framework (the kit is closed by the test). */
  stop(): Promise<void>;
}

const newLair = () =>
  createLairServer({ storage: createMemoryStorage(), jwtSecret: SECRET, rateLimits: false });

// Each mount follows its docs/server.md snippet; only the port (0) and the extra host routes differ.
const mounts: Record<string, (lair: LairServer) => Promise<Mounted>> = {
  "node:http attach": async (lair) => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === "/" ? 200 : 404);
      res.end(req.url === "/" ? "my app" : "host 404");
    });
    // A host upgrade path of its own: attach must leave it alone.
    server.on("upgrade", (req, socket) => {
      if (req.url === "/host-socket") socket.end("HTTP/1.1 418 I'm a teapot\r\nConnection: close\r\n\r\n");
    });
    lair.attach(server);
    server.listen(0, "127.0.0.1");
    return { server, stop: () => closeServer(server) };
  },

  "node:http by hand": async (lair) => {
    const myApp = (req: { url?: string }, res: { writeHead(s: number): void; end(b: string): void }) => {
      res.writeHead(req.url === "/" ? 200 : 404);
      res.end(req.url === "/" ? "my app" : "host 404");
    };
    const server = createServer((req, res) => {
      if (!lair.handleRequest(req, res)) myApp(req, res);
    });
    server.on("upgrade", (req, socket, head) => {
      if (!lair.handleUpgrade(req, socket, head)) socket.destroy();
    });
    server.listen(0, "127.0.0.1");
    return { server, stop: () => closeServer(server) };
  },

  express: async (lair) => {
    const app = express();
    app.use(lair.handleRequest);
    app.use(express.json()); // the host's own parser, after the kit
    app.get("/", (_req, res) => {
      res.send("my app");
    });
    app.post("/echo", (req, res) => {
      res.json(req.body);
    });
    app.use((_req, res) => {
      res.status(404).send("host 404");
    });
    const server = app.listen(0, "127.0.0.1");
    server.on("upgrade", (req, socket, head) => {
      if (!lair.handleUpgrade(req, socket, head)) socket.destroy();
    });
    return { server, stop: () => closeServer(server) };
  },

  fastify: async (lair) => {
    const app = Fastify();
    app.addHook("onRequest", async (request, reply) => {
      if (lair.handleRequest(request.raw, reply.raw)) reply.hijack();
    });
    app.get("/", async () => "my app");
    app.post("/echo", async (request) => request.body);
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send("host 404"));
    app.server.on("upgrade", (req, socket, head) => {
      if (!lair.handleUpgrade(req, socket, head)) socket.destroy();
    });
    await app.listen({ port: 0, host: "127.0.0.1" });
    return { server: app.server, stop: () => app.close() };
  },

  hono: async (lair) => {
    const app = new Hono();
    app.get("/", (c) => c.text("my app"));
    app.post("/echo", async (c) => c.json(await c.req.json()));
    app.notFound((c) => c.text("host 404", 404));
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }) as Server;
    lair.attach(server); // Hono keeps every path that is not the kit's
    return { server, stop: () => closeServer(server) };
  },
};

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function baseUrl(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function start(name: string) {
  const lair = newLair();
  const mounted = await mounts[name]!(lair);
  cleanup.push(async () => {
    await lair.close();
    await mounted.stop();
  });
  await lair.ready();
  return { lair, base: await baseUrl(mounted.server) };
}

async function json(res: Response): Promise<{ status: number; body: Json }> {
  return { status: res.status, body: await res.json() };
}

describe.each(Object.keys(mounts))("embedded in %s", (name) => {
  it("serves /health and /ready and leaves the host's routes and 404s alone", async () => {
    const { base } = await start(name);
    expect((await json(await fetch(`${base}/health`))).body).toMatchObject({ status: "healthy" });
    expect((await json(await fetch(`${base}/ready`))).body).toEqual({ ready: true, database: "connected" });
    const home = await fetch(`${base}/`);
    expect([home.status, await home.text()]).toEqual([200, "my app"]);
    for (const path of ["/nope", "/api/v2/x", "/api/v10", "/healthz", "/ws"]) {
      const res = await fetch(`${base}${path}`);
      expect([res.status, await res.text()], path).toEqual([404, "host 404"]);
    }
    const lairMissing = await json(await fetch(`${base}/api/v1/nope`));
    expect([lairMissing.status, lairMissing.body.error.code]).toEqual([404, "not_found"]);
    if (name !== "node:http attach" && name !== "node:http by hand") {
      const echo = await fetch(`${base}/echo`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ host: "body" }),
      });
      expect(await echo.json()).toEqual({ host: "body" });
    }
  });

  it("registers and logs in over /api/v1", async () => {
    const { base } = await start(name);
    const post = (path: string, body: unknown) =>
      fetch(`${base}/api/v1${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(json);
    const reg = await post("/auth/register", {
      username: "embedded",
      email: "e@example.com",
      password: PASSWORD,
    });
    expect(reg.status).toBe(201);
    expect(reg.body.user.username).toBe("embedded");
    const login = await post("/auth/login", { identifier: "E@EXAMPLE.COM", password: PASSWORD });
    expect(login.status).toBe(200);
    const me = await json(
      await fetch(`${base}/api/v1/users/me`, { headers: { authorization: `Bearer ${login.body.token}` } }),
    );
    expect(me.body.user.id).toBe(reg.body.user.id);
  });

  it("opens /ws, authenticates with the token and gets a pong", async () => {
    const { base } = await start(name);
    const reg = await fetch(`${base}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "socket_user", email: "s@example.com", password: PASSWORD }),
    }).then(json);
    const client = await TestClient.ws(`${base.replace("http", "ws")}/ws`);
    cleanup.push(async () => client.close());
    const auth = await client.authenticate(reg.body.token);
    expect(auth).toMatchObject({ success: true, user: { username: "socket_user" } });
    client.send({ type: "ping" });
    expect((await client.waitForType("pong")).server_time).toEqual(expect.any(String));

    // ?token= pre-authenticates during the upgrade.
    const pre = await TestClient.ws(`${base.replace("http", "ws")}/ws?token=${reg.body.token}`);
    cleanup.push(async () => pre.close());
    await pre.waitForType("server_hello");
    expect(await pre.waitForType("authenticate_response")).toMatchObject({ success: true });
  });

  it("leaves upgrades to other paths to the host", async () => {
    const { base } = await start(name);
    const status = await upgradeStatus(`${base.replace("http", "ws")}/host-socket`);
    // The attach host answers its own path; the others drop what is not /ws (with Hono,
    // attach does: the host has no upgrade listener of its own).
    if (name === "node:http attach") expect(status).toBe(418);
    else expect(status).toBe("no answer");
  });
});

/** The HTTP status a WebSocket upgrade got, or "no answer" when the socket closed or stalled. */
function upgradeStatus(url: string): Promise<number | "no answer"> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { handshakeTimeout: 1000 });
    ws.on("unexpected-response", (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    ws.on("open", () => {
      resolve(101);
      ws.terminate();
    });
    ws.on("error", () => resolve("no answer"));
  });
}
