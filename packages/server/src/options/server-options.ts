/** Options of `createLairServer` and their defaults (validated by resolve-options.ts). */
import type { IncomingMessage } from "node:http";
import type { Registry } from "prom-client";
import type { AttachmentOptions, ResolvedAttachmentOptions } from "../attachments/attachment-options.ts";
import type { LairBus } from "../bus/lair-bus.ts";
import type { RateLimiter } from "../rate-limit/rate-limiter.ts";
import type { Storage } from "../storage/storage.ts";
import type { Logger } from "./logger.ts";

/** A rate-limit rule: at most `limit` calls per `windowMs` per key. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/** Rate-limit tiers (Lair HTTP.md "Rate Limiting"); `false` turns a tier off. */
export interface RateLimitOptions {
  /** Register, login, logout, refresh, change password. @default {limit: 10, windowMs: 60_000} */
  auth?: RateRule | false;
  /** Send, edit, delete message. @default {limit: 30, windowMs: 60_000} */
  messages?: RateRule | false;
  /** Room creation. @default {limit: 5, windowMs: 3_600_000} */
  roomCreation?: RateRule | false;
  /** Every other API call. @default {limit: 100, windowMs: 60_000} */
  general?: RateRule | false;
}

/** What the `authenticate` hook may return: an existing Lair user, or a user to find or create. */
export type AuthenticateResult = { userId: string } | { username: string; email: string } | null;

export interface LairServerOptions {
  /** Where everything is kept. Required. */
  storage: Storage;
  /** HMAC key for HS256 tokens, at least 32 bytes. Required. */
  jwtSecret: string | Uint8Array;
  /** Lifetime of an issued token. @default 86_400_000 (24 h, as Lair) */
  tokenTtlMs?: number;
  /** Lifetime of a session; refresh extends it. @default 86_400_000 (24 h, as Lair) */
  sessionTtlMs?: number;
  /** The first admin: created at start if missing, promoted to admin if present. @default undefined */
  admin?: { username: string; password: string; email: string };
  /** Rate-limit tiers. `false` disables rate limiting entirely. @default the Lair tiers */
  rateLimits?: RateLimitOptions | false;
  /** Where rate-limit counters live (share one across nodes for cluster-wide limits). @default an in-memory limiter per server */
  rateLimiter?: RateLimiter;
  /**
   * Proxies whose `X-Forwarded-For` is believed: `true` (any), or addresses/CIDRs
   * (`"10.0.0.0/8"`, `"::1"`). Otherwise the socket address is the client address.
   * @default []
   */
  trustProxy?: boolean | string[];
  /**
   * Origins allowed to open `/ws` from a browser (CSWSH defence). Requests without `Origin`
   * (non-browser clients) and same-origin requests are always allowed. `"*"` allows any.
   * @default []
   */
  allowedOrigins?: string[] | "*";
  /** Most live WebSocket + TCP connections. @default 10_000 */
  maxConnections?: number;
  /** Most live connections from one client address. @default 50 */
  maxConnectionsPerAddress?: number;
  /** Time allowed for `client_hello` (and key exchange). @default 30_000 */
  handshakeTimeoutMs?: number;
  /** Time allowed to authenticate after the handshake. @default 60_000 */
  authTimeoutMs?: number;
  /** A connection silent this long is closed. @default 90_000 */
  idleTimeoutMs?: number;
  /** Per-connection outbound queue cap; past it the connection is closed with `slow_consumer`. @default 1_048_576 */
  maxOutboundBytes?: number;
  /**
   * Gather what each WebSocket/TCP socket is sent during one event-loop turn and write it with
   * one system call at the end of that turn (`setImmediate`), instead of one per frame: no
   * added wait when idle, far fewer writes under load. @default true
   */
  coalesceWrites?: boolean;
  /**
   * TCP: refuse `authenticate`/`login`/`register` on a connection that has not run a key
   * exchange; announced as `server_hello.encryption_required`. @default false
   */
  tcpEncryptionRequired?: boolean;
  /**
   * TCP: the server's static X25519 private key (32 bytes, e.g. from the protocol package's
   * `generateServerStaticKey`). Enables the `hardened` key exchange; `server_hello.server_key`
   * carries the public key clients pin. @default undefined (lair-compatible key exchange only)
   */
  hardenedStaticKey?: Uint8Array;
  /** Largest HTTP JSON body. @default 1_048_576 */
  maxBodyBytes?: number;
  /**
   * Image and file messages (docs/attachments.md): where the bytes go, the upload limit and
   * garbage collection. Needs a storage adapter with `capabilities.attachments`.
   * @default undefined (attachments off)
   */
  attachments?: AttachmentOptions | false;
  /** `headersTimeout` set on an attached `http.Server` whose own is higher (slowloris). @default 10_000 */
  headersTimeoutMs?: number;
  /** Most log entries replayed per conversation by `resume` before answering `recovered: false`. @default 1000 */
  resumeWindow?: number;
  /** Lifetime of an invitation. @default 604_800_000 (7 days, as Lair) */
  invitationTtlMs?: number;
  /** Member cap of rooms that set none. @default 10_000 */
  defaultMaxMembers?: number;
  /** At most one typing event per user per target per this interval. @default 3000 */
  typingIntervalMs?: number;
  /**
   * How long a conversation event that arrives ahead of its predecessor (another node committed
   * it) waits for it before the hole is read from storage. @default 250
   */
  eventHoldMs?: number;
  /** Events held per conversation while waiting; beyond this the hole is read from storage at once. @default 1000 */
  maxHeldEvents?: number;
  /**
   * A user whose last connection closes is reported offline only after this grace, and not at
   * all if they reconnect (to any node) meanwhile; 0 reports at once. @default 2000
   */
  presenceGraceMs?: number;
  /**
   * Rooms with more members than this carry no per-user `user_online`/`user_offline` (their
   * members read `is_online` from the member list instead). @default 1000
   */
  presenceCountOnlyAbove?: number;
  /** `session_expiring` goes to a session's connections this long before it ends; 0 disables it. @default 300_000 (5 min) */
  sessionExpiryNoticeMs?: number;
  /** Where log lines go (pino-compatible). @default a silent logger */
  logger?: Logger;
  /** prom-client registry the server registers its metrics on. @default a new Registry per server */
  metrics?: Registry;
  /**
   * Maps a host app's own session or credential (cookie, header) to a Lair user; used for HTTP
   * requests without a bearer token and for the `/ws` upgrade. Returning `{username, email}`
   * finds that user or creates it (with an unusable password) on first sight.
   * @default undefined (only Lair tokens)
   */
  authenticate?: (req: IncomingMessage) => Promise<AuthenticateResult>;
  /** Event bus connecting server nodes. @default an in-process bus of its own */
  bus?: LairBus;
  /** Name in `server_hello`. @default "Lair Chat" */
  serverName?: string;
  /** Version in `/health`. @default the package version */
  version?: string;
  /**
   * Whether anyone may create an account with `register` (HTTP, WebSocket, TCP). A host that
   * bridges its own users through `authenticate` usually turns this off, so nobody can claim
   * a host user's name first. @default true
   */
  allowRegistration?: boolean;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  storage: Storage;
  jwtSecret: Uint8Array;
  tokenTtlMs: number;
  sessionTtlMs: number;
  admin: { username: string; password: string; email: string } | undefined;
  rateLimits: {
    auth: RateRule | false;
    messages: RateRule | false;
    roomCreation: RateRule | false;
    general: RateRule | false;
  };
  rateLimiter: RateLimiter | undefined;
  trustProxy: boolean | string[];
  allowedOrigins: string[] | "*";
  maxConnections: number;
  maxConnectionsPerAddress: number;
  handshakeTimeoutMs: number;
  authTimeoutMs: number;
  idleTimeoutMs: number;
  maxOutboundBytes: number;
  coalesceWrites: boolean;
  tcpEncryptionRequired: boolean;
  hardenedStaticKey: Uint8Array | undefined;
  maxBodyBytes: number;
  attachments: ResolvedAttachmentOptions | undefined;
  headersTimeoutMs: number;
  resumeWindow: number;
  invitationTtlMs: number;
  defaultMaxMembers: number;
  typingIntervalMs: number;
  eventHoldMs: number;
  maxHeldEvents: number;
  presenceGraceMs: number;
  presenceCountOnlyAbove: number;
  sessionExpiryNoticeMs: number;
  logger: Logger;
  metrics: Registry;
  authenticate: ((req: IncomingMessage) => Promise<AuthenticateResult>) | undefined;
  bus: LairBus | undefined;
  serverName: string;
  version: string;
  allowRegistration: boolean;
}
