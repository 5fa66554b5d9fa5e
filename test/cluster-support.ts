/**
 * Shared by the cluster process tests: the Postgres availability rule (CI=true fails, otherwise
 * skip with the reason printed), polling for a condition, and talking to a node process over
 * HTTP and the real-time endpoints.
 */
import pg from "pg";
import type { NodeProcess } from "./cluster-node-process.ts";
import { type Msg, TestClient } from "./realtime-client.ts";
import { type Account, PASSWORD } from "./realtime-harness.ts";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Whether Postgres answers at DATABASE_URL; throws when it does not and CI=true. */
export async function postgresAvailable(what: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (process.env.CI === "true") throw error;
    console.warn(`skipping ${what}: Postgres unreachable at ${DATABASE_URL} (${String(error)})`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Poll `condition` every 10 ms; fails with `what` (and `detail()`) after `ms`. */
export async function until(
  condition: () => boolean,
  what: string,
  ms = 30_000,
  detail: () => string = () => "",
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${detail()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A request that must succeed; resolves with its response. */
export async function ok(c: TestClient, type: string, body: Msg = {}): Promise<Msg> {
  const res = await c.request(type, body);
  if (res.success !== true) throw new Error(`${type}: ${JSON.stringify(res)}`);
  return res;
}

/** An HTTP call to a node that must answer `status`; resolves with the body. */
export async function api(
  node: NodeProcess,
  method: string,
  path: string,
  status: number,
  token?: string,
  body?: unknown,
): Promise<Msg> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${node.httpUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status !== status) throw new Error(`${method} ${path} on ${node.label}: ${res.status} ${text}`);
  return text === "" ? {} : (JSON.parse(text) as Msg);
}

/** Register `username` through a node. */
export async function register(node: NodeProcess, username: string): Promise<Account> {
  const body = { username, email: `${username}@example.com`, password: PASSWORD };
  return (await api(node, "POST", "/api/v1/auth/register", 201, undefined, body)) as unknown as Account;
}

/** A real-time client on a node (WebSocket or TCP), through client_hello and authenticate. */
export async function connectTo(
  node: NodeProcess,
  kind: "ws" | "tcp",
  token: string,
  features: string[],
): Promise<TestClient> {
  const client = kind === "ws" ? await TestClient.ws(node.wsUrl) : await TestClient.tcp(node.tcpPort);
  await client.authenticate(token, features);
  return client;
}
