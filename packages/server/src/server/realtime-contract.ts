/**
 * The contract between `createLairServer` and the real-time endpoints (packages/server/src/
 * realtime/, WebSocket and TCP). The server builds a `RealtimeHost` and hands it to
 * `createRealtimeEndpoints(host)`, which the realtime module exports; the server then forwards
 * `/ws` upgrades, `listenTcp` and `close` to what that returns.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Engine, Principal } from "../engine/engine-api.ts";
import type { ServerMetrics } from "../metrics/server-metrics.ts";
import type { Logger } from "../options/logger.ts";
import type { ResolvedOptions } from "../options/server-options.ts";

/** What the server gives the real-time endpoints. */
export interface RealtimeHost {
  readonly engine: Engine;
  /** Validated options with defaults (timeouts, caps, allowedOrigins, maxOutboundBytes, serverName, …). */
  readonly options: ResolvedOptions;
  readonly logger: Logger;
  readonly metrics: ServerMetrics;
  /** The client address of a request after `trustProxy` resolution. */
  clientAddress(req: IncomingMessage): string;
  /**
   * The host app's `authenticate` hook applied to an upgrade request (no `?token=`): a principal
   * when the hook maps the request to a Lair user, null when there is no hook or it says no.
   * Throws LairError `account_banned` for a banned user.
   */
  authenticateRequest(req: IncomingMessage): Promise<Principal | null>;
}

/** What the real-time module gives back. */
export interface RealtimeEndpoints {
  /** Take over an upgrade of `/ws` (the server only forwards requests whose path is `/ws`). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Start the TCP endpoint. Resolves once listening, with the bound address. */
  listenTcp(options: { port: number; host?: string }): Promise<{ port: number; host: string }>;
  /** Close every connection with a going-away reason (`server_shutting_down`) and stop listening. */
  close(): Promise<void>;
}

export type CreateRealtimeEndpoints = (host: RealtimeHost) => RealtimeEndpoints;
