/**
 * Builds a LairClient whose every connection is a ScriptedPeer and whose HTTP goes to a routed
 * fake fetch, for protocol-level unit tests of the whole client. Not shipped (outside src/).
 */
import { MemoryTokenStore } from "../src/auth/token-store.ts";
import type { LairClient } from "../src/client.ts";
import { createLairClient } from "../src/create-lair-client.ts";
import type { LairClientOptions } from "../src/options.ts";
import { schemaValidator } from "../src/validation/schema-validator.ts";
import { ScriptedPeer } from "./scripted-peer.ts";

export function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) =>
    btoa(JSON.stringify(v)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.sig`;
}

export type Route = (req: {
  method: string;
  url: URL;
  body: unknown;
}) => { status?: number; body: unknown } | undefined;

export interface Harness {
  client: LairClient;
  peers: ScriptedPeer[];
  /** The next connection the client opens (in order). */
  nextPeer(): Promise<ScriptedPeer>;
  http: Array<{ method: string; url: URL; body: unknown }>;
  routes: Route[];
}

export async function harness(options: Partial<LairClientOptions> = {}): Promise<Harness> {
  const peers: ScriptedPeer[] = [];
  const waiters: Array<() => void> = [];
  let taken = 0;
  const http: Harness["http"] = [];
  const routes: Route[] = [];
  const fetchImpl = (async (input: URL | RequestInfo, init?: RequestInit) => {
    const url = new URL(String(input));
    const req = {
      method: init?.method ?? "GET",
      url,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    http.push(req);
    for (const route of routes) {
      const answer = route(req);
      if (answer) return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
    }
    return new Response(
      JSON.stringify({ error: { code: "not_found", message: `${req.method} ${url.pathname}` } }),
      {
        status: 404,
      },
    );
  }) as typeof fetch;
  const tokenStore = new MemoryTokenStore();
  tokenStore.set(jwt({ sub: "u1", iat: Date.now() / 1000, exp: Date.now() / 1000 + 3600 }));
  const client = createLairClient({
    baseUrl: "http://chat.test",
    transport: {
      kind: "scripted",
      open: () => {
        const peer = new ScriptedPeer();
        peers.push(peer);
        for (const wake of waiters.splice(0)) wake();
        return peer.opened();
      },
    },
    fetch: fetchImpl,
    tokenStore,
    syncOnConnect: false,
    reconnect: { minDelay: 5, maxDelay: 20, jitter: 0, connectTimeout: 2000 },
    requestTimeout: 2000,
    validator: schemaValidator,
    ...options,
  });
  return {
    client,
    peers,
    http,
    routes,
    nextPeer() {
      const index = taken++;
      return new Promise((resolve) => {
        const check = () => (peers[index] ? resolve(peers[index]) : waiters.push(check));
        check();
      });
    },
  };
}

/** Poll until `check` passes (the client works through microtasks and short timers). */
export async function eventually(check: () => void, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

export function roomMessage(seq: number, extra: Record<string, unknown> = {}) {
  return {
    id: `m${seq}`,
    author: "u2",
    target: { type: "room", room_id: "r1" },
    content: `message ${seq}`,
    edited: false,
    created_at: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    seq,
    ...extra,
  };
}
