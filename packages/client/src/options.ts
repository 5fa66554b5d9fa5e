/** Options of `createLairClient`, each with its default. */
import type { Feature, WebSocketConstructor } from "@lair-chat/protocol";
import type { TokenStore } from "./auth/token-store.ts";
import type { Logger, LoggerLike } from "./logger.ts";
import type { OutboxStore } from "./outbox/outbox-store.ts";
import type { TransportFactory } from "./realtime/transport-factory.ts";
import type { ReconnectOptions, ResolvedReconnectOptions } from "./reconnect/reconnect-policy.ts";
import type { Validator } from "./validation/validator.ts";

export interface LairClientOptions {
  /** Server origin, e.g. `https://chat.example.com` (HTTP API at `/api/v1`, WebSocket at `/ws`). */
  baseUrl: string;
  /**
   * Real-time transport: `"websocket"`, or a TransportFactory. TCP is available from
   * `@lair-chat/client/node` only. @default "websocket"
   */
  transport?: "websocket" | TransportFactory;
  /** WebSocket URL when it is not `baseUrl` + `/ws`. @default derived from baseUrl */
  webSocketUrl?: string;
  /** WebSocket constructor. @default isomorphic-ws (the browser's WebSocket, or `ws` on Node) */
  WebSocket?: WebSocketConstructor;
  /** Where the token lives. @default new MemoryTokenStore() */
  tokenStore?: TokenStore;
  /** Where queued messages live. @default new MemoryOutboxStore() */
  outboxStore?: OutboxStore;
  /** pino-style logger. @default none (silent) */
  logger?: LoggerLike;
  /** Backoff and timeouts of (re)connecting. @default see ReconnectOptions */
  reconnect?: ReconnectOptions;
  /** Ping interval, in ms. @default 30000 */
  heartbeatInterval?: number;
  /** Silence tolerated after a missed ping before the connection is dropped, in ms. @default 10000 */
  heartbeatTimeout?: number;
  /** Timeout of one real-time request or HTTP call, in ms. @default 15000 */
  requestTimeout?: number;
  /** fetch implementation. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Extensions to ask the server for. @default ["seq", "idempotency", "resume", "cursor", "attachments"] */
  features?: readonly Feature[];
  /** `client_hello.client_name`. @default "lair-chat-ts" */
  clientName?: string;
  /** Refresh the token this long before it expires, in ms. @default 300000 */
  tokenRefreshMargin?: number;
  /** How long a typing indicator lasts without a new `user_typing`, in ms. @default 5000 */
  typingTimeout?: number;
  /** Most queued (pending + failed) messages. @default 1000 */
  outboxLimit?: number;
  /** Page size of history backfills. @default 100 */
  backfillPageSize?: number;
  /** On every connect, refresh joined rooms, unread counts and invitations over HTTP. @default true */
  syncOnConnect?: boolean;
  /**
   * Checks what the server sends. `schemaValidator` (from `@lair-chat/client/validate`) validates
   * every HTTP response and real-time message against the protocol's zod schemas.
   * @default schemaValidator from `@lair-chat/client/node`; `trustingValidator` (shape checks only, no zod in the bundle) from `@lair-chat/client`
   */
  validator?: Validator;
}

export const DEFAULT_FEATURES: readonly Feature[] = ["seq", "idempotency", "resume", "cursor", "attachments"];

/** Options after defaults (see LairClientOptions for each). */
export interface ResolvedClientOptions {
  baseUrl: string;
  factory: TransportFactory;
  tokenStore: TokenStore;
  outboxStore: OutboxStore;
  logger: Logger;
  reconnect: ResolvedReconnectOptions;
  heartbeatInterval: number;
  heartbeatTimeout: number;
  requestTimeout: number;
  fetch: typeof fetch | undefined;
  features: readonly Feature[];
  clientName: string;
  tokenRefreshMargin: number;
  typingTimeout: number;
  outboxLimit: number;
  backfillPageSize: number;
  syncOnConnect: boolean;
  validator: Validator;
}
