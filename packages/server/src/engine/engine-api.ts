/**
 * The contract between the chat engine and the endpoints that expose it (HTTP, WebSocket,
 * TCP). The engine knows nothing about sockets or HTTP; endpoints know nothing about storage.
 * Every transport runs the same commands through `Engine.execute`, so a command behaves the
 * same on all three.
 */
import type { SystemRole } from "../storage/records.ts";
import type { OutboundFrame } from "./outbound-frame.ts";

/** How a caller reached the server. */
export type TransportKind = "http" | "websocket" | "tcp";

/** An authenticated caller: who they are and which session they act through. */
export interface Principal {
  userId: string;
  sessionId: string;
  username: string;
  role: SystemRole;
  /** Session expiry, epoch ms. */
  expiresAt: number;
}

/** Everything a command may need to know about its caller besides its input. */
/** How `Engine.execute` may treat its input. */
export interface ExecuteOptions {
  /**
   * The input is what `parseClientMessage` returned for a request of this very type, without
   * `type` and `request_id`: commands whose input schema is that same protocol schema
   * (`PROTOCOL_CHECKED_INPUTS`) skip validating it a second time. @default false
   */
  protocolChecked?: boolean;
}

export interface CallContext {
  /** Null for commands that do not need authentication (register, login, health). */
  principal: Principal | null;
  transport: TransportKind;
  /** Client address after `trustProxy` resolution (used for per-address rate limits). */
  clientAddress: string;
  userAgent: string | null;
  /**
   * Extensions in force for this caller: for WS/TCP the negotiated intersection of
   * server_hello/client_hello features; for HTTP every extension the server has (HTTP callers
   * opt in per request through extension fields such as `client_message_id` or `before_seq`).
   */
  features: ReadonlySet<string>;
  /** The live connection issuing the command (WS/TCP), so e.g. `logout` can close it. */
  connection?: ConnectionHandle;
}

/**
 * A live WebSocket or TCP connection as the engine sees it. The endpoint creates it after
 * the connection authenticates and passes it to `Engine.attachConnection`.
 */
export interface ConnectionHandle {
  /** Unique per server instance. */
  readonly id: string;
  readonly principal: Principal;
  readonly transport: Exclude<TransportKind, "http">;
  /** Negotiated extensions (see CallContext.features). */
  readonly features: ReadonlySet<string>;
  /**
   * Queue one already-serialised server message (JSON text). The engine serialises an event
   * once per feature variant and hands the same string to every recipient. The endpoint
   * enforces the outbound cap (`slow_consumer`) itself.
   */
  send(json: string): void;
  /**
   * Queue one server message that other connections receive too, already encoded (its bytes
   * and TCP frame are built once and shared). Optional: the engine falls back to
   * `send(frame.text)` for handles without it.
   */
  sendFrame?(frame: OutboundFrame): void;
  /** Close the connection, telling the peer why (a LairError code and a message). */
  close(code: string, message: string): void;
}

/** Per-conversation result of a resume request (extension `resume`). */
export interface ResumeOutcome {
  /** True when everything after the given seq was replayed; false when the gap is beyond what the server keeps. */
  recovered: boolean;
  /** The conversation's last seq at the time of the replay. */
  lastSeq: number;
}

export interface Engine {
  /**
   * Verify a bearer token (signature, algorithm allowlist, expiry, session not revoked, user
   * not banned/deleted) and return the principal. Throws LairError `invalid_token`,
   * `token_expired`, `session_not_found`, `account_banned`.
   */
  verifyToken(token: string): Promise<Principal>;
  /**
   * Run one command by name with unvalidated input (the engine validates it with the protocol
   * schemas). Resolves with the command's result in wire shape (snake_case, ready for
   * JSON.stringify); rejects with a LairError. Names and inputs: see `command-table.ts`.
   */
  execute(name: string, ctx: CallContext, input: unknown, options?: ExecuteOptions): Promise<unknown>;
  /** True when `name` is a command the engine knows. */
  hasCommand(name: string): boolean;
  /** Start delivering events to an authenticated connection; marks the user online. */
  attachConnection(connection: ConnectionHandle): Promise<void>;
  /** Stop delivering events to a connection; marks the user offline when it was their last. */
  detachConnection(connection: ConnectionHandle): void;
  /**
   * Replay, through `connection.send`, every log entry after the given seq of each named
   * conversation the caller may read, in order, then report per conversation.
   */
  resume(connection: ConnectionHandle, since: Record<string, number>): Promise<Record<string, ResumeOutcome>>;
  /** Features the server offers in `server_hello`. */
  readonly features: readonly string[];
}
