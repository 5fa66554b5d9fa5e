/**
 * The WebSocket and TCP endpoints of one server instance (server/realtime-contract.ts): they
 * share the connection caps, the metrics and the live-connection set that `close()` drains.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Engine, Principal } from "../engine/engine-api.ts";
import { serverNoticeJson } from "../engine/server-notice.ts";
import type { Logger } from "../options/logger.ts";
import type { RealtimeHost } from "../server/realtime-contract.ts";
import type { ConnectionContext } from "./connection-context.ts";
import { ConnectionSlots } from "./connection-slots.ts";
import { staticPublicKey } from "./key-exchange.ts";
import type { RealtimeConnection } from "./realtime-connection.ts";
import { RealtimeMetrics } from "./realtime-metrics.ts";
import { type RealtimeOptions, resolveRealtimeOptions } from "./realtime-options.ts";
import { TcpEndpoint } from "./tcp-endpoint.ts";
import { WebSocketEndpoint } from "./websocket-endpoint.ts";
import { WriteBatch } from "./write-batch.ts";

/** Live connections by transport. */
export interface RealtimeConnectionCounts {
  websocket: number;
  tcp: number;
  total: number;
}

export interface RealtimeEndpointsApi {
  /** Take over an upgrade request for `/ws`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Start a TCP listener; resolves with the bound address. */
  listenTcp(options: { port: number; host?: string }): Promise<{ port: number; host: string }>;
  /**
   * Stop listening, tell every connection `server_shutting_down`, and resolve once all have
   * closed (stuck sockets are dropped after `closeGraceMs`).
   */
  close(): Promise<void>;
  /** Live connections right now. */
  connectionCounts(): RealtimeConnectionCounts;
}

/** What the server hands the endpoints; `RealtimeHost` of the server satisfies it. */
export interface RealtimeEndpointsDeps {
  engine: Engine;
  /** The server's resolved options (or just the real-time ones). */
  options: RealtimeOptions & { metrics: RealtimeHost["options"]["metrics"] };
  logger: Logger;
  clientAddress?(req: IncomingMessage): string;
  authenticateRequest?(req: IncomingMessage): Promise<Principal | null>;
}

export function createRealtimeEndpoints(deps: RealtimeHost | RealtimeEndpointsDeps): RealtimeEndpointsApi {
  const clientAddress = deps.clientAddress?.bind(deps);
  const options = resolveRealtimeOptions({
    ...deps.options,
    ...(clientAddress === undefined ? {} : { clientAddress }),
  });
  const logger = deps.logger.child({ component: "realtime" });
  const context: Omit<ConnectionContext, "onClosed"> = {
    engine: deps.engine,
    options,
    logger,
    metrics: new RealtimeMetrics(deps.options.metrics),
    serverKey:
      options.hardenedStaticKey === undefined ? undefined : staticPublicKey(options.hardenedStaticKey),
    writeBatch: options.coalesceWrites
      ? new WriteBatch((error) => logger.error({ err: error }, "flushing a connection's writes failed"))
      : undefined,
  };
  const slots = new ConnectionSlots(options.maxConnections, options.maxConnectionsPerAddress);
  const live = new Set<RealtimeConnection>();
  const track = (c: RealtimeConnection) => live.add(c);
  const untrack = (c: RealtimeConnection) => live.delete(c);
  const authenticateRequest = deps.authenticateRequest?.bind(deps);
  const ws = new WebSocketEndpoint({
    context,
    slots,
    track,
    untrack,
    ...(authenticateRequest === undefined ? {} : { authenticateRequest }),
  });
  const tcp = new TcpEndpoint({ context, slots, track, untrack });
  let closing: Promise<void> | undefined;

  return {
    handleUpgrade: (req, socket, head) => ws.handleUpgrade(req, socket, head),
    listenTcp: (listenOptions) => tcp.listen(listenOptions),
    connectionCounts() {
      let websocket = 0;
      for (const c of live) if (c.link.kind === "websocket") websocket += 1;
      return { websocket, tcp: live.size - websocket, total: live.size };
    },
    close() {
      closing ??= (async () => {
        ws.stop();
        const stopped = tcp.stop();
        const connections = [...live];
        // Authenticated peers hear it as an event too, before the going-away error and close.
        const notice = serverNoticeJson("Server is shutting down", "warning");
        for (const c of connections) {
          c.handle?.send(notice);
          c.close("server_shutting_down", "Server is shutting down");
        }
        await Promise.all([stopped, ...connections.map((c) => c.closed)]);
      })();
      return closing;
    },
  };
}
