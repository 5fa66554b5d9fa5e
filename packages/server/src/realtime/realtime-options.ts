/**
 * Settings of the WebSocket and TCP endpoints. The server's resolved options satisfy this type
 * as they are; the TCP encryption settings are the only ones of the endpoints' own.
 */
import type { IncomingMessage } from "node:http";
import { KEY_LENGTH_BYTES } from "./key-exchange.ts";

export interface RealtimeOptions {
  /** Name in `server_hello`. @default "Lair Chat" */
  serverName?: string;
  /** Origins allowed to open `/ws` from a browser; `"*"` allows any. @default [] (same-origin and non-browser only) */
  allowedOrigins?: string[] | "*";
  /** Most live WebSocket + TCP connections. @default 10_000 */
  maxConnections?: number;
  /** Most live connections from one client address. @default 50 */
  maxConnectionsPerAddress?: number;
  /** Time allowed from connect to `client_hello` (and the key exchange it asks for). @default 30_000 */
  handshakeTimeoutMs?: number;
  /** Time allowed from the handshake to authentication. @default 60_000 */
  authTimeoutMs?: number;
  /** A connection that sends no frame for this long is closed. @default 90_000 */
  idleTimeoutMs?: number;
  /** Outbound bytes a connection may have queued; past it it is closed with `slow_consumer`. @default 1_048_576 */
  maxOutboundBytes?: number;
  /**
   * Gather what each socket is sent during one event-loop turn and write it with one system
   * call at the end of the turn (`setImmediate`), instead of one per frame. @default true
   */
  coalesceWrites?: boolean;
  /**
   * TCP: refuse `authenticate`, `login` and `register` on a connection that has not run a key
   * exchange; announced as `server_hello.encryption_required`. @default false
   */
  tcpEncryptionRequired?: boolean;
  /**
   * TCP: the server's static X25519 private key (32 bytes). When set, the `hardened` key
   * exchange is offered and `server_hello.server_key` carries the public key clients pin.
   * @default undefined (only the lair-compatible key exchange)
   */
  hardenedStaticKey?: Uint8Array;
  /** After closing a connection, destroy its socket if the peer has not finished closing by then. @default 1000 */
  closeGraceMs?: number;
  /** Requests a connection may have waiting behind the one being handled. @default 256 */
  maxPendingRequests?: number;
  /** The client address of an upgrade request (`trustProxy` resolution). @default the socket address */
  clientAddress?: (req: IncomingMessage) => string;
}

/** RealtimeOptions with defaults applied. */
export type ResolvedRealtimeOptions = Required<Omit<RealtimeOptions, "hardenedStaticKey">> & {
  hardenedStaticKey: Uint8Array | undefined;
};

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0)
    throw new RangeError(`options.${name} must be a positive integer`);
  return value;
}

function socketAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}

/** Apply defaults; throws TypeError/RangeError naming a bad option. */
export function resolveRealtimeOptions(options: RealtimeOptions = {}): ResolvedRealtimeOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object");
  const key = options.hardenedStaticKey;
  if (key !== undefined && (!(key instanceof Uint8Array) || key.length !== KEY_LENGTH_BYTES)) {
    throw new TypeError(`options.hardenedStaticKey must be a ${KEY_LENGTH_BYTES}-byte Uint8Array`);
  }
  const origins = options.allowedOrigins ?? [];
  if (origins !== "*" && !(Array.isArray(origins) && origins.every((o) => typeof o === "string"))) {
    throw new TypeError('options.allowedOrigins must be an array of origins or "*"');
  }
  if (options.clientAddress !== undefined && typeof options.clientAddress !== "function") {
    throw new TypeError("options.clientAddress must be a function");
  }
  return {
    serverName: options.serverName ?? "Lair Chat",
    allowedOrigins: origins,
    maxConnections: positiveInt(options.maxConnections, 10_000, "maxConnections"),
    maxConnectionsPerAddress: positiveInt(options.maxConnectionsPerAddress, 50, "maxConnectionsPerAddress"),
    handshakeTimeoutMs: positiveInt(options.handshakeTimeoutMs, 30_000, "handshakeTimeoutMs"),
    authTimeoutMs: positiveInt(options.authTimeoutMs, 60_000, "authTimeoutMs"),
    idleTimeoutMs: positiveInt(options.idleTimeoutMs, 90_000, "idleTimeoutMs"),
    maxOutboundBytes: positiveInt(options.maxOutboundBytes, 1_048_576, "maxOutboundBytes"),
    coalesceWrites: options.coalesceWrites ?? true,
    tcpEncryptionRequired: options.tcpEncryptionRequired ?? false,
    hardenedStaticKey: key === undefined ? undefined : key.slice(),
    closeGraceMs: positiveInt(options.closeGraceMs, 1000, "closeGraceMs"),
    maxPendingRequests: positiveInt(options.maxPendingRequests, 256, "maxPendingRequests"),
    clientAddress: options.clientAddress ?? socketAddress,
  };
}
