/**
 * Composes the reference server: storage from the URL (migrated at start, with progress in
 * the log), the server kit on an HTTP(S) server, the TCP endpoint, the web chat as static
 * files, and pino logs. `main.ts` adds flags, env and signals around it; tests call
 * `startReferenceServer` directly.
 */
import { readFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRedisBus, createRedisRateLimiter } from "@lair-chat/bus-redis";
import { createLairServer, type LairServer } from "@lair-chat/server";
import { type Logger, pino } from "pino";
import { Registry } from "prom-client";
import type { ServerConfig } from "./config.ts";
import { loadOrCreateJwtSecret } from "./jwt-secret.ts";
import { openStorage } from "./open-storage.ts";
import { createStaticHandler } from "./static-files.ts";

export interface RunningServer {
  /** Base URL of the HTTP listener, e.g. `http://127.0.0.1:8082`. */
  httpUrl: string;
  httpPort: number;
  tcpPort: number;
  lair: LairServer;
  /** Stop accepting, close connections with a going-away reason, close storage. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Logger to use. @default a pino logger at `config.logLevel` writing JSON to stdout */
  logger?: Logger;
}

/** The web chat build shipped next to this package in the repository. */
export function defaultWebRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, "../../web-chat/dist");
}

export async function startReferenceServer(
  config: ServerConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel, name: "lair-chat-server" });
  const storage = openStorage(config.databaseUrl, {
    schema: config.databaseSchema,
    onMigrationProgress: (p) => {
      if (p.status !== "applying")
        logger.info(
          { migration: p.name, step: `${p.index}/${p.total}`, status: p.status, ms: p.durationMs },
          "migration",
        );
    },
  });
  logger.info({ database: config.databaseUrl.replace(/\/\/[^@/]*@/, "//***@") }, "opening storage");
  // The server kit runs storage.init() (the migrations) as it starts; `lair.ready()` below waits for it.

  const { secret, source } = await loadOrCreateJwtSecret(config.dataDir, config.jwtSecret);
  if (source === "generated")
    logger.warn(
      { file: join(config.dataDir, "jwt-secret") },
      "generated a JWT secret and kept it in the data folder",
    );

  if (config.adminUser && !config.adminPassword)
    throw new TypeError("--admin-password / LAIR_ADMIN_PASSWORD is required with --admin-user");
  const metrics = new Registry();
  // With Redis, nodes share events, presence, revocations and rate limits; storage stays the source of truth.
  const redisUrl = config.redisUrl;
  const cluster = redisUrl
    ? {
        bus: createRedisBus({
          url: redisUrl,
          keyPrefix: config.redisPrefix,
          onError: (err) => logger.warn({ err }, "redis bus"),
        }),
        rateLimiter: createRedisRateLimiter({ url: redisUrl, keyPrefix: config.redisPrefix }),
      }
    : undefined;
  if (cluster)
    logger.info(
      { redis: redisUrl?.replace(/\/\/[^@/]*@/, "//***@"), prefix: config.redisPrefix },
      "multi-node mode",
    );
  const lair = createLairServer({
    ...(cluster ?? {}),
    storage,
    jwtSecret: secret,
    logger,
    metrics,
    serverName: config.serverName,
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    // Uploaded files live next to the database unless told otherwise; nodes of a cluster need this folder shared.
    attachments: { directory: config.attachmentsDir ?? join(config.dataDir, "attachments") },
    rateLimits: {
      auth: { limit: config.rateLimitAuth, windowMs: 60_000 },
      messages: { limit: config.rateLimitMessages, windowMs: 60_000 },
      roomCreation: { limit: config.rateLimitRooms, windowMs: 3_600_000 },
      general: { limit: config.rateLimitGeneral, windowMs: 60_000 },
    },
    ...(config.adminUser && config.adminPassword
      ? {
          admin: {
            username: config.adminUser,
            password: config.adminPassword,
            email: config.adminEmail ?? `${config.adminUser}@localhost`,
          },
        }
      : {}),
  });
  await lair.ready();

  const webRoot = config.webRoot ?? defaultWebRoot();
  const serveStatic = createStaticHandler(webRoot);
  const onRequest: Parameters<typeof createHttpServer>[1] = (req, res) => {
    lair.handleRequest(req, res, () => {
      serveStatic(req, res).then(
        (served) => {
          if (served) return;
          res.writeHead(404, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ error: { code: "not_found", message: "Not found" } }));
        },
        (error: unknown) => {
          logger.error({ err: error }, "static file error");
          if (!res.headersSent) res.writeHead(500);
          res.end();
        },
      );
    });
  };
  const tls = config.tlsCertPath && config.tlsKeyPath;
  const http: Server = tls
    ? createHttpsServer(
        { cert: await readFile(config.tlsCertPath!), key: await readFile(config.tlsKeyPath!) },
        onRequest,
      )
    : createHttpServer(onRequest);
  http.headersTimeout = 10_000;
  http.requestTimeout = 60_000;
  http.on("upgrade", (req, socket, head) => lair.handleUpgrade(req, socket, head));

  await new Promise<void>((done, fail) => {
    http.once("error", fail);
    http.listen(config.httpPort, config.host, () => {
      http.off("error", fail);
      done();
    });
  });
  const httpPort = (http.address() as AddressInfo).port;
  const tcp = await lair.listenTcp({ port: config.tcpPort, host: config.host });
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const httpUrl = `${tls ? "https" : "http"}://${shownHost}:${httpPort}`;
  logger.info({ http: httpUrl, tcp: tcp.port, webRoot }, `Lair Chat is up: open ${httpUrl}`);

  let closing: Promise<void> | undefined;
  return {
    httpUrl,
    httpPort,
    tcpPort: tcp.port,
    lair,
    close() {
      closing ??= (async () => {
        await lair.close();
        await cluster?.rateLimiter.close();
        await new Promise<void>((done) => http.close(() => done()));
        http.closeAllConnections?.();
        await storage.close();
        logger.info("stopped");
      })();
      return closing;
    },
  };
}
