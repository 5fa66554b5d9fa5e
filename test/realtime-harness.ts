/**
 * A real server for the real-time tests: createLairServer on in-memory storage, attached to a
 * node:http server on an ephemeral port, with the TCP endpoint on another.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLairServer, type LairServer, type LairServerOptions } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { type Msg, TestClient } from "./realtime-client.ts";

export interface Account {
  token: string;
  user: { id: string; username: string };
  session: { id: string };
}

export interface Harness {
  lair: LairServer;
  http: Server;
  httpUrl: string;
  wsUrl: string;
  tcpPort: number;
  api(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Msg }>;
  register(username: string): Promise<Account>;
  login(username: string): Promise<Account>;
  ws(token?: string, origin?: string): Promise<TestClient>;
  tcp(): Promise<TestClient>;
  /** A client of either kind, already through client_hello and authenticate. */
  connect(kind: "ws" | "tcp", account: Account, features?: string[]): Promise<TestClient>;
  close(): Promise<void>;
}

export const PASSWORD = "correct horse battery";

export async function startHarness(options: Partial<LairServerOptions> = {}): Promise<Harness> {
  const lair = createLairServer({
    storage: createMemoryStorage(),
    jwtSecret: "realtime-test-secret-0123456789abcdef",
    rateLimits: false,
    // Presence tests watch user_offline right after a close; the flap grace has its own tests.
    presenceGraceMs: 0,
    ...options,
  });
  await lair.ready();
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  lair.attach(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  const tcp = await lair.listenTcp({ port: 0, host: "127.0.0.1" });
  const httpUrl = `http://127.0.0.1:${port}`;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => {
    clients.push(c);
    return c;
  };

  const api: Harness["api"] = async (method, path, token, body) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${httpUrl}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === "" ? {} : (JSON.parse(text) as Msg) };
  };
  const account = (body: Msg) => body as unknown as Account;

  const h: Harness = {
    lair,
    http,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    tcpPort: tcp.port,
    api,
    async register(username) {
      const res = await api("POST", "/api/v1/auth/register", undefined, {
        username,
        email: `${username}@example.com`,
        password: PASSWORD,
      });
      if (res.status !== 201)
        throw new Error(`register ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return account(res.body);
    },
    async login(username) {
      const res = await api("POST", "/api/v1/auth/login", undefined, {
        identifier: username,
        password: PASSWORD,
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return account(res.body);
    },
    async ws(token, origin) {
      const url = token === undefined ? h.wsUrl : `${h.wsUrl}?token=${encodeURIComponent(token)}`;
      return track(await TestClient.ws(url, origin === undefined ? {} : { origin }));
    },
    async tcp() {
      return track(await TestClient.tcp(h.tcpPort));
    },
    async connect(kind, acct, features = []) {
      const client = kind === "ws" ? await h.ws() : await h.tcp();
      await client.authenticate(acct.token, features);
      return client;
    },
    async close() {
      for (const c of clients) c.close();
      await lair.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  return h;
}

/** Resolve after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with the value of `promise`, or rejects after `ms` (so a missing frame fails fast). */
export function within<T>(ms: number, promise: Promise<T>, what = "frame"): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
