/**
 * Keeps one real-time connection alive: connects, hands each new connection to `onConnected`
 * (resume and backfill), waits for it to drop, backs off per the ReconnectPolicy, and tries
 * again, until `stop()`, a credential failure no retry can fix, or `maxRetries`.
 */
import { isLairError, LairError } from "@lair-chat/protocol";
import { EventEmitter } from "eventemitter3";
import type { Logger } from "../logger.ts";
import type { ReconnectPolicy } from "../reconnect/reconnect-policy.ts";
import { type ConnectionOptions, RealtimeConnection } from "./connection.ts";
import type { TransportFactory } from "./transport-factory.ts";

/**
 * `connecting`: first attempts; `connected`: authenticated and resumed; `reconnecting`: lost a
 * connection and working on the next one; `disconnected`: not trying (stopped or gave up).
 */
export type ConnectionState = "disconnected" | "connecting" | "connected" | "reconnecting";

/** Failures a new connection cannot fix: credentials (log in again) or configuration. */
const FATAL = new Set([
  "unauthorized",
  "missing_token",
  "invalid_token",
  "invalid_format",
  "session_not_found",
  "session_expired",
  "account_banned",
  "account_locked",
  "version_mismatch",
  "handshake_failed",
]);

/** The fatal failures that mean the session is over (as opposed to a configuration problem). */
export const CREDENTIAL_FAILURES: ReadonlySet<string> = new Set([
  "unauthorized",
  "missing_token",
  "invalid_token",
  "invalid_format",
  "session_not_found",
  "session_expired",
  "account_banned",
  "account_locked",
]);

export interface ConnectionManagerOptions {
  factory: TransportFactory;
  policy: ReconnectPolicy;
  connection: Omit<ConnectionOptions, "opened" | "connectTimeout">;
  /** Runs on each new authenticated connection before it counts as connected (resume). */
  onConnected: (connection: RealtimeConnection, reconnect: boolean) => Promise<void>;
  /** The token expired during the handshake: refresh it; resolve true to retry at once. */
  refreshToken: () => Promise<boolean>;
  logger: Logger;
}

export interface ConnectionManagerEvents {
  state: [state: ConnectionState, previous: ConnectionState];
  /** The manager stopped for good because of `error` (credentials, or out of retries). */
  fatal: [error: LairError];
  /** A new connection is authenticated (before resume). */
  connection: [connection: RealtimeConnection];
  /** `stop()` was called. */
  stopped: [];
}

export class ConnectionManager extends EventEmitter<ConnectionManagerEvents> {
  readonly #options: ConnectionManagerOptions;
  #state: ConnectionState = "disconnected";
  #connection: RealtimeConnection | undefined;
  #generation = 0;
  #wake: (() => void) | undefined;
  #everConnected = false;
  #lastError: LairError | undefined;

  constructor(options: ConnectionManagerOptions) {
    super();
    this.#options = options;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** The current connection when `connected` (and while resuming). */
  get connection(): RealtimeConnection | undefined {
    return this.#connection?.isOpen ? this.#connection : undefined;
  }

  /** Why the last attempt failed, if it did. */
  get lastError(): LairError | undefined {
    return this.#lastError;
  }

  /** Start connecting (no-op when already running); resolves once connected, rejects on a fatal error. */
  start(): Promise<void> {
    const ready = new Promise<void>((resolve, reject) => {
      if (this.#state === "connected") return resolve();
      const cleanup = () => {
        this.off("state", onState);
        this.off("fatal", onFatal);
        this.off("stopped", onStopped);
      };
      const onState = (state: ConnectionState) => {
        if (state !== "connected") return;
        cleanup();
        resolve();
      };
      const onFatal = (error: LairError) => {
        cleanup();
        reject(error);
      };
      const onStopped = () => {
        cleanup();
        reject(new LairError("connection_closed", { message: "Disconnected by the client" }));
      };
      this.on("state", onState);
      this.on("fatal", onFatal);
      this.on("stopped", onStopped);
    });
    if (this.#state === "disconnected") {
      this.#options.policy.reset();
      const generation = ++this.#generation;
      void this.#run(generation);
    }
    return ready;
  }

  /** Stop and close the connection; pending `start()` promises reject with `connection_closed`. */
  stop(): void {
    if (this.#state === "disconnected") return;
    this.#generation++;
    this.#wake?.();
    this.#connection?.close(1000, "client disconnect");
    this.#connection = undefined;
    this.#setState("disconnected");
    this.emit("stopped");
  }

  /** Skip the current backoff wait (e.g. the browser says it is online again). */
  wake(): void {
    this.#wake?.();
  }

  #setState(state: ConnectionState): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.emit("state", state, previous);
  }

  async #run(generation: number): Promise<void> {
    const { policy, logger } = this.#options;
    const live = () => generation === this.#generation;
    while (live()) {
      this.#setState(this.#everConnected ? "reconnecting" : "connecting");
      let retryNow = false;
      try {
        await this.#attempt(live);
      } catch (error) {
        const lair = isLairError(error) ? error : new LairError("network_error", { cause: error });
        this.#lastError = lair;
        if (!live()) return;
        if (lair.code === "token_expired" && (await this.#options.refreshToken().catch(() => false))) {
          retryNow = true;
        } else if (FATAL.has(lair.code)) {
          this.#giveUp(lair);
          return;
        }
        logger.info(
          { code: lair.code, attempt: policy.attempts + 1 },
          "lair-chat: connection attempt failed",
        );
      }
      if (!live()) return;
      if (!policy.canRetry) {
        this.#giveUp(
          new LairError("connection_closed", { message: "Gave up reconnecting", cause: this.#lastError }),
        );
        return;
      }
      const delay = policy.nextDelay();
      if (!retryNow) {
        this.#setState(this.#everConnected ? "reconnecting" : "connecting");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.#wake = undefined;
      }
    }
  }

  /** One connection, from open to drop. Resolves when a working connection closes. */
  async #attempt(live: () => boolean): Promise<void> {
    const { factory, policy, connection: base } = this.#options;
    const connection = await RealtimeConnection.establish({
      ...base,
      opened: factory.open(),
      connectTimeout: policy.options.connectTimeout,
    });
    if (!live()) {
      connection.close(1000, "client disconnect");
      return;
    }
    const closed = new Promise<void>((resolve) => connection.once("close", () => resolve()));
    this.#connection = connection;
    this.emit("connection", connection);
    const reconnect = this.#everConnected;
    try {
      await this.#options.onConnected(connection, reconnect);
    } catch (error) {
      // Resume failed (usually because the connection dropped meanwhile): start over.
      connection.close(4000, "resume failed");
      throw error;
    }
    if (!live() || !connection.isOpen) return;
    this.#everConnected = true;
    this.#lastError = undefined;
    policy.connected();
    this.#setState("connected");
    await closed;
    policy.disconnected();
    if (this.#connection === connection) this.#connection = undefined;
  }

  #giveUp(error: LairError): void {
    this.#generation++;
    this.#connection = undefined;
    this.#setState("disconnected");
    this.emit("fatal", error);
  }
}
