/**
 * Fixtures for the client integration tests: a real server (memory storage, HTTP + WebSocket +
 * TCP on ephemeral ports) and a fault-injecting TCP proxy per client, through which the test
 * destroys or blocks a client's real-time connection the way a network would.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from "node:net";
import { createLairClient, type LairClient, type NodeLairClientOptions } from "@lair-chat/client/node";
import { encodePublicKey, generateServerStaticKey } from "@lair-chat/protocol";
import { createLairServer, type LairServer, type LairServerOptions } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";

export interface TestServer {
  lair: LairServer;
  baseUrl: string;
  httpPort: number;
  tcpPort: number;
  /** Base64 static key for hardened TCP. */
  serverKey: string;
  close(): Promise<void>;
}

/** Start a server; `host` answers the requests that are not Lair's (e.g. a test page). */
export async function startServer(
  options: Partial<LairServerOptions> = {},
  host?: RequestListener,
): Promise<TestServer> {
  const keyPair = generateServerStaticKey();
  const lair = createLairServer({
    storage: createMemoryStorage(),
    jwtSecret: "client-tests-secret-0123456789abcdef",
    rateLimits: false,
    maxConnectionsPerAddress: 10_000,
    hardenedStaticKey: keyPair.privateKey,
    ...options,
  });
  const http: Server = createServer(host);
  lair.attach(http);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  await lair.ready();
  const httpPort = (http.address() as AddressInfo).port;
  const { port: tcpPort } = await lair.listenTcp({ port: 0, host: "127.0.0.1" });
  return {
    lair,
    baseUrl: `http://127.0.0.1:${httpPort}`,
    httpPort,
    tcpPort,
    serverKey: encodePublicKey(keyPair.publicKey),
    async close() {
      await lair.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A TCP proxy to `targetPort` that can cut or refuse its connections on demand. */
export class FaultProxy {
  readonly #server = createTcpServer();
  readonly #pairs = new Set<[Socket, Socket]>();
  #blocked = false;
  /** Connections cut so far. */
  cuts = 0;
  port = 0;

  private constructor(readonly targetPort: number) {
    this.#server.on("connection", (inbound) => {
      if (this.#blocked) {
        inbound.destroy();
        return;
      }
      const outbound = connect({ host: "127.0.0.1", port: targetPort });
      const pair: [Socket, Socket] = [inbound, outbound];
      this.#pairs.add(pair);
      const drop = () => {
        inbound.destroy();
        outbound.destroy();
        this.#pairs.delete(pair);
      };
      inbound.on("error", drop).on("close", drop);
      outbound.on("error", drop).on("close", drop);
      inbound.pipe(outbound);
      outbound.pipe(inbound);
    });
  }

  static async start(targetPort: number): Promise<FaultProxy> {
    const proxy = new FaultProxy(targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(0, "127.0.0.1", resolve));
    proxy.port = (proxy.#server.address() as AddressInfo).port;
    return proxy;
  }

  get connections(): number {
    return this.#pairs.size;
  }

  /** Destroy every live connection (both ends), like a network failure. */
  cut(): void {
    for (const [inbound, outbound] of [...this.#pairs]) {
      this.cuts++;
      inbound.destroy();
      outbound.destroy();
    }
    this.#pairs.clear();
  }

  /** Cut and refuse new connections until `unblock()`. */
  block(): void {
    this.#blocked = true;
    this.cut();
  }

  unblock(): void {
    this.#blocked = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

export type Transport = "websocket" | "tcp" | "tcp-compat" | "tcp-hardened";

export interface ProxiedClient {
  client: LairClient;
  proxy: FaultProxy;
}

/** A client whose real-time connection goes through its own FaultProxy (HTTP goes direct). */
export async function proxiedClient(
  server: TestServer,
  transport: Transport,
  extra: Partial<NodeLairClientOptions> = {},
): Promise<ProxiedClient> {
  const proxy = await FaultProxy.start(transport === "websocket" ? server.httpPort : server.tcpPort);
  const fast = { minDelay: 20, maxDelay: 500, jitter: 0.5, connectTimeout: 5000 };
  const client =
    transport === "websocket"
      ? createLairClient({
          baseUrl: server.baseUrl,
          webSocketUrl: `ws://127.0.0.1:${proxy.port}/ws`,
          reconnect: fast,
          ...extra,
        })
      : createLairClient({
          baseUrl: server.baseUrl,
          transport: "tcp",
          tcp: {
            host: "127.0.0.1",
            port: proxy.port,
            ...(transport === "tcp-compat" ? { encryption: "compat" as const } : {}),
            ...(transport === "tcp-hardened"
              ? { encryption: "hardened" as const, serverKey: server.serverKey }
              : {}),
          },
          reconnect: fast,
          ...extra,
        });
  return { client, proxy };
}

/** One client of `roomOfClients`: its transport, username prefix and extra options. */
export interface MemberSpec {
  transport: Transport;
  /** Prefix of the member's unique username. */
  name: string;
  /** @default {} */
  extra?: Partial<NodeLairClientOptions>;
}

export interface ClientRoom {
  id: string;
  /** The conversation key (`room:<id>`). */
  key: string;
  target: { type: "room"; room_id: string };
  /** One proxied client per spec, in order; the first created the room. */
  members: ProxiedClient[];
}

/**
 * Proxied clients, each registered, all in one new room named after `roomName`; `cleanup` gets
 * the steps that close them. They are not connected yet, so a test can listen first.
 */
export async function roomOfClients(
  server: TestServer,
  cleanup: Array<() => unknown>,
  roomName: string,
  specs: MemberSpec[],
): Promise<ClientRoom> {
  const members: ClientRoom["members"] = [];
  for (const spec of specs) {
    const member = await proxiedClient(server, spec.transport, spec.extra);
    cleanup.push(
      () => member.client.close(),
      () => member.proxy.close(),
    );
    await registerOn(member.client, spec.name);
    members.push(member);
  }
  const [owner, ...others] = members;
  if (!owner) throw new RangeError("specs must name at least one client");
  const { room } = await owner.client.rooms.create({ name: uniqueName(roomName) });
  for (const member of others) await member.client.rooms.join(room.id);
  return { id: room.id, key: `room:${room.id}`, target: { type: "room", room_id: room.id }, members };
}

let counter = 0;

/** A fresh, unique username. */
export function uniqueName(prefix = "user"): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

/** Register a user on `client` with a unique name. */
export async function registerOn(client: LairClient, prefix = "user") {
  const username = uniqueName(prefix);
  return client.auth.register({ username, email: `${username}@example.test`, password: "correct horse 1" });
}

/** Poll until `check` passes or `timeoutMs` elapses (then rethrow its last failure). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Ids of a conversation's acknowledged messages, in timeline order. */
export function timelineIds(client: LairClient, conversation: string): string[] {
  return client.state
    .timeline(conversation)
    .items.filter((i) => i.status === "sent")
    .map((i) => i.message.id);
}

/**
 * Count the ways a client's timeline of `conversation` (its acknowledged messages) differs from
 * the server's truth: ids missing, ids present twice, and adjacent pairs out of seq order.
 */
export function audit(client: LairClient, conversation: string, truth: string[]) {
  const ids = timelineIds(client, conversation);
  const seqs = timelineSeqs(client, conversation);
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const missing = truth.filter((id) => !counts.has(id)).length;
  const duplicated = [...counts.values()].filter((n) => n > 1).length;
  let reordered = 0;
  for (let i = 1; i < seqs.length; i++) if ((seqs[i] ?? 0) <= (seqs[i - 1] ?? 0)) reordered++;
  // Ranks in a Map: the chaos run audits thousands of messages in each of hundreds of timelines.
  const rank = new Map(truth.map((id, i) => [id, i]));
  const ranks = ids.flatMap((id) => rank.get(id) ?? []);
  for (let i = 1; i < ranks.length; i++) if (ranks[i]! <= ranks[i - 1]!) reordered++;
  return { missing, duplicated, reordered, extra: ids.length - ranks.length };
}

/** Every live message of a room, in commit order, read from the server (cursor paging). */
export async function serverTruth(client: LairClient, roomId: string): Promise<string[]> {
  const ids: string[] = [];
  let after = 0;
  for (;;) {
    const page = await client.messages.history({
      target: { type: "room", room_id: roomId },
      afterSeq: after,
      limit: 100,
    });
    for (const m of page.messages) if (!m.deleted) ids.push(m.id);
    const top = page.messages.reduce((max, m) => Math.max(max, m.seq ?? 0), after);
    if (!page.has_more || top <= after) return ids;
    after = page.next_cursor ?? top;
  }
}

/** Seqs of a conversation's acknowledged messages, in timeline order. */
function timelineSeqs(client: LairClient, conversation: string): Array<number | undefined> {
  return client.state
    .timeline(conversation)
    .items.filter((i) => i.status === "sent")
    .map((i) => i.message.seq);
}
