/**
 * The WebSocket endpoint (docs/protocol.md#websocket; Lair WEBSOCKET.md): JSON text frames on
 * `/ws` of the HTTP port, through `ws` in `noServer` mode so the host owns the HTTP server.
 * The upgrade is refused before any WebSocket work for a foreign Origin (403) or past the
 * connection caps (503); `?token=` pre-authenticates, as does the host's authenticate hook.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import {
  type ErrorCode,
  LairError,
  MAX_FRAME_BYTES,
  toLairError,
  WebSocketTransport,
} from "@lair-chat/protocol";
import { type WebSocket, WebSocketServer } from "ws";
import type { Principal } from "../engine/engine-api.ts";
import type { ConnectionContext, StartOptions } from "./connection-context.ts";
import type { ConnectionSlot, ConnectionSlots } from "./connection-slots.ts";
import { isOriginAllowed } from "./origin-policy.ts";
import { RealtimeConnection } from "./realtime-connection.ts";

/** The path the endpoint serves (Lair WEBSOCKET.md, "Connection URL"). */
export const WS_PATH = "/ws";

export interface WebSocketEndpointDeps {
  context: Omit<ConnectionContext, "onClosed">;
  slots: ConnectionSlots;
  /** Track a new connection (the endpoints use it for counts and shutdown). */
  track(connection: RealtimeConnection): void;
  untrack(connection: RealtimeConnection): void;
  /** The host's authenticate hook for an upgrade request without `?token=`. */
  authenticateRequest?: (req: IncomingMessage) => Promise<Principal | null>;
}

const TEXT_FRAME = { binary: false } as const;

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  503: "Service Unavailable",
};

export class WebSocketEndpoint {
  readonly #deps: WebSocketEndpointDeps;
  readonly #wss: WebSocketServer;
  #closing = false;

  constructor(deps: WebSocketEndpointDeps) {
    this.#deps = deps;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_FRAME_BYTES,
      clientTracking: false,
      perMessageDeflate: false,
    });
  }

  /** Take over one upgrade request. Never throws; a refused upgrade gets an HTTP error and is closed. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A reset during the upgrade must not become an unhandled 'error' event. (Listeners that
    // live as long as the socket are made outside this scope: a closure here would keep the
    // upgrade request, headers and all, alive for the whole connection.)
    socket.on("error", destroyOnError);
    const { context, slots } = this.#deps;
    const metrics = context.metrics;
    try {
      if (this.#closing) {
        refuse(socket, 503, "server_shutting_down");
        return;
      }
      const origin = headerOf(req, "origin");
      if (!isOriginAllowed(origin, headerOf(req, "host"), context.options.allowedOrigins)) {
        metrics.refused.inc({ transport: "websocket", reason: "origin_not_allowed" });
        refuse(socket, 403, "origin_not_allowed");
        return;
      }
      const address = context.options.clientAddress(req);
      let slot: ConnectionSlot;
      try {
        slot = slots.take(address);
      } catch (error) {
        metrics.refused.inc({ transport: "websocket", reason: "connection_limit" });
        refuse(socket, 503, "connection_limit", toLairError(error).message);
        return;
      }
      // ws answers a malformed upgrade itself and never calls back; the socket closing frees the slot.
      socket.once("close", releaseOnClose(slot));
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, req, address, socket));
    } catch (error) {
      context.logger.error({ err: error }, "websocket upgrade failed");
      refuse(socket, 400, "invalid_message");
    }
  }

  /** Stop accepting upgrades. */
  stop(): void {
    this.#closing = true;
    this.#wss.close();
  }

  #accept(ws: WebSocket, req: IncomingMessage, address: string, socket: Duplex): void {
    // An upgrade that was already under way when `stop()` ran.
    if (this.#closing) {
      ws.close(1001, "server_shutting_down");
      return;
    }
    const { context, track, untrack } = this.#deps;
    const transport = new WebSocketTransport(ws);
    const connection = new RealtimeConnection(
      {
        kind: "websocket",
        transport,
        address,
        userAgent: headerOf(req, "user-agent") ?? null,
        // A Buffer is written as it is: no UTF-8 encoding per recipient.
        sendFrame: (frame) => ws.send(frame.bytes, TEXT_FRAME),
        terminate: () => ws.terminate(),
        // ws writes to the upgraded socket itself; corking it batches a turn's frames.
        cork: () => socket.cork(),
        uncork: () => socket.uncork(),
      },
      { ...context, onClosed: untrack },
    );
    track(connection);
    connection.start(this.#preauth(req));
  }

  #preauth(req: IncomingMessage): StartOptions {
    const token = tokenOf(req);
    const { context, authenticateRequest } = this.#deps;
    if (token !== undefined) return { preauth: () => context.engine.verifyToken(token) };
    if (authenticateRequest) return { preauth: () => authenticateRequest(req) };
    return {};
  }
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}

function releaseOnClose(slot: ConnectionSlot): () => void {
  return () => slot.release();
}

/** `?token=` of the upgrade URL, if any. */
function tokenOf(req: IncomingMessage): string | undefined {
  try {
    const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("token");
    return token === null || token === "" ? undefined : token;
  } catch {
    return undefined;
  }
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Answer the upgrade request with a plain HTTP error carrying the usual JSON error body. */
function refuse(socket: Duplex, status: number, code: ErrorCode, message?: string): void {
  const body = JSON.stringify({
    error: new LairError(code, message === undefined ? {} : { message }).toWire(),
  });
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? "Error"}\r\n` +
        "Connection: close\r\n" +
        "Content-Type: application/json\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  setTimeout(() => socket.destroy(), 1000).unref();
}
