/**
 * `createLairServer`: one chat server instance — engine, HTTP API, real-time endpoints — with
 * no global state, mountable in a host app's own `http.Server` or framework.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Registry } from "prom-client";
import type { AttachmentService } from "../attachments/attachment-service.ts";
import { createHostAuthenticator } from "../auth/host-authenticator.ts";
import { createInProcessBus } from "../bus/in-process-bus.ts";
import type { LairBus } from "../bus/lair-bus.ts";
import type { Engine, Principal } from "../engine/engine-api.ts";
import { LairEngine } from "../engine/lair-engine.ts";
import { createClientAddressResolver } from "../http/client-address.ts";
import { createHttpHandler, isLairPath, pathOf } from "../http/http-handler.ts";
import { createServerMetrics } from "../metrics/server-metrics.ts";
import { resolveOptions } from "../options/resolve-options.ts";
import type { LairServerOptions } from "../options/server-options.ts";
import { createMemoryRateLimiter } from "../rate-limit/rate-limiter.ts";
import { createRealtimeEndpoints } from "../realtime/realtime-endpoints.ts";
import type { RealtimeHost } from "./realtime-contract.ts";

export interface LairServer {
  /** The chat engine (commands, events, presence). */
  readonly engine: Engine;
  /** The bus this node is on. */
  readonly bus: LairBus;
  /** The prom-client registry the server's metrics are on. */
  readonly metrics: Registry;
  /** Uploads, downloads and `collectGarbage(now)`; undefined unless the `attachments` option is set. */
  readonly attachments: AttachmentService | undefined;
  /** Resolves once storage is initialised, the bus joined and the first admin ensured. */
  ready(): Promise<void>;
  /**
   * Serve /api/v1, /health, /ready, /metrics and the /ws upgrade on a host's server, leaving
   * every other request and upgrade to the host's own listeners. Call it after the host has
   * added its `request` listener. Lowers `headersTimeout` to `headersTimeoutMs` when higher.
   */
  attach(server: HttpServer): void;
  /**
   * Handle a request when its path is ours and return true; otherwise call `next()` (if given)
   * or do nothing, and return false. Fits node:http, Express and Connect middleware.
   */
  handleRequest(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): boolean;
  /** Take over a `/ws` upgrade and return true; return false (touching nothing) for other paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Start the TCP endpoint. */
  listenTcp(options: { port: number; host?: string }): Promise<{ port: number; host: string }>;
  /** Close real-time connections with `server_shutting_down`, leave the bus, stop timers. The storage stays open (it is the caller's). */
  close(): Promise<void>;
}

export function createLairServer(options: LairServerOptions): LairServer {
  const resolved = resolveOptions(options);
  const logger = resolved.logger;
  const bus = resolved.bus ?? createInProcessBus();
  const metrics = createServerMetrics(resolved.metrics);
  const engine = new LairEngine({
    options: resolved,
    bus,
    metrics,
    limiter: resolved.rateLimiter ?? createMemoryRateLimiter(),
  });
  const clientAddress = createClientAddressResolver(resolved.trustProxy);
  const hostAuth = resolved.authenticate
    ? createHostAuthenticator(engine.core, resolved.authenticate)
    : undefined;

  const started = engine.start();
  started.catch((error: unknown) => logger.error({ err: error }, "lair server failed to start"));
  const ready = () => started;

  const host: RealtimeHost = {
    engine,
    options: resolved,
    logger,
    metrics,
    clientAddress,
    async authenticateRequest(req: IncomingMessage): Promise<Principal | null> {
      await started;
      return hostAuth ? hostAuth(req, clientAddress(req)) : null;
    },
  };
  const realtime = createRealtimeEndpoints(host);
  const http = createHttpHandler({ engine, options: resolved, clientAddress, hostAuth, ready });
  let closing: Promise<void> | undefined;

  const server: LairServer = {
    engine,
    bus,
    metrics: resolved.metrics,
    attachments: engine.core.attachments,
    ready,
    handleRequest(req, res, next) {
      if (closing || !isLairPath(pathOf(req))) {
        next?.();
        return false;
      }
      void http(req, res);
      return true;
    },
    handleUpgrade(req, socket, head) {
      if (pathOf(req) !== "/ws") return false;
      if (closing) {
        socket.destroy();
        return true;
      }
      realtime.handleUpgrade(req, socket, head);
      return true;
    },
    attach(httpServer) {
      if (!httpServer || typeof httpServer.on !== "function")
        throw new TypeError("server must be an http.Server");
      const headersTimeout = resolved.headersTimeoutMs;
      if (httpServer.headersTimeout === 0 || httpServer.headersTimeout > headersTimeout) {
        httpServer.headersTimeout = headersTimeout;
        if (httpServer.requestTimeout > 0 && httpServer.requestTimeout < headersTimeout)
          httpServer.requestTimeout = headersTimeout;
      }
      // Like engine.io's attach: our listener runs first and hands the rest to the host's.
      const hostListeners = httpServer.listeners("request") as Array<
        (req: IncomingMessage, res: ServerResponse) => void
      >;
      httpServer.removeAllListeners("request");
      httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
        if (server.handleRequest(req, res)) return;
        for (const l of hostListeners) l.call(httpServer, req, res);
      });
      httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (server.handleUpgrade(req, socket, head)) return;
        // Node destroys an upgrade nobody listens for; our listener must not leave it dangling
        // (and keep server.close() waiting) when the host has none of its own.
        if (httpServer.listenerCount("upgrade") === 1) socket.destroy();
      });
    },
    listenTcp(listenOptions) {
      if (
        !listenOptions ||
        !Number.isInteger(listenOptions.port) ||
        listenOptions.port < 0 ||
        listenOptions.port > 65535
      ) {
        throw new RangeError("options.port must be an integer from 0 to 65535");
      }
      return started.then(() => realtime.listenTcp(listenOptions));
    },
    close() {
      closing ??= (async () => {
        await started.catch(() => {});
        await realtime.close();
        await engine.close();
        await bus.close();
      })();
      return closing;
    },
  };
  return server;
}
