/**
 * Child process of the cluster process tests (not a test): one Lair node, the server kit on
 * Postgres with the Redis bus, on ephemeral HTTP/WebSocket and TCP ports. Its configuration is
 * the JSON in LAIR_NODE_CONFIG (see cluster-node-process.ts). It reports on stdout, one line per
 * fact, `@lair-node <json>`: `ready` (ports and node id), `up`/`down` (a peer met or lost),
 * `lost`/`back` (its bus subscription dropped or came back). Server warnings go to stderr. It
 * exits when its stdin closes, so a parent that dies leaves no node behind.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRedisBus } from "@lair-chat/bus-redis";
import { createLairServer, type Logger } from "@lair-chat/server";
import { createPostgresStorage } from "@lair-chat/storage-postgres";
import type { NodeConfig, NodeFact } from "./cluster-node-process.ts";

const report = (fact: NodeFact) => process.stdout.write(`@lair-node ${JSON.stringify(fact)}\n`);

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

const config = JSON.parse(process.env.LAIR_NODE_CONFIG ?? "") as NodeConfig;

const toStderr =
  (level: string) =>
  (obj: object | string, msg?: string): void => {
    const fields = typeof obj === "string" ? { msg: obj } : { ...obj, msg };
    process.stderr.write(
      `${level} ${JSON.stringify(fields, (_k, v) => (v instanceof Error ? String(v) : v))}\n`,
    );
  };
const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: toStderr("warn"),
  error: toStderr("error"),
  child: () => logger,
};

const storage = createPostgresStorage({
  url: config.databaseUrl,
  schema: config.schema,
  pool: { max: 4 },
  onWarning: () => {},
});
const bus = createRedisBus({
  url: config.redisUrl,
  keyPrefix: config.keyPrefix,
  heartbeatMs: config.heartbeatMs,
  nodeTimeoutMs: config.nodeTimeoutMs,
});
bus.onNodeUp((node) => report({ type: "up", node }));
bus.onNodeDown((node) => report({ type: "down", node }));
bus.onSubscriptionLost(() => report({ type: "lost" }));
bus.onResubscribed(() => report({ type: "back" }));

const lair = createLairServer({
  storage,
  jwtSecret: config.jwtSecret,
  rateLimits: false,
  bus,
  logger,
  ...(config.presenceGraceMs === undefined ? {} : { presenceGraceMs: config.presenceGraceMs }),
});
await lair.ready();
const http = createServer((_req, res) => {
  res.statusCode = 404;
  res.end();
});
lair.attach(http);
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const tcp = await lair.listenTcp({ port: 0, host: "127.0.0.1" });
report({ type: "ready", port: (http.address() as AddressInfo).port, tcpPort: tcp.port, node: bus.nodeId });
