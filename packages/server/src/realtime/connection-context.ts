/** Types shared by a real-time connection and the code around it. */
import type { Engine, Principal } from "../engine/engine-api.ts";
import type { Logger } from "../options/logger.ts";
import type { RealtimeConnection } from "./realtime-connection.ts";
import type { RealtimeMetrics } from "./realtime-metrics.ts";
import type { ResolvedRealtimeOptions } from "./realtime-options.ts";
import type { WriteBatch } from "./write-batch.ts";

/** What every connection of one server shares. */
export interface ConnectionContext {
  engine: Engine;
  options: ResolvedRealtimeOptions;
  logger: Logger;
  metrics: RealtimeMetrics;
  /** `server_hello.server_key` (hardened extension), when configured. */
  serverKey: string | undefined;
  /** Coalesces each turn's writes per socket (`coalesceWrites`); undefined writes at once. */
  writeBatch: WriteBatch | undefined;
  /** Called once, when the connection has closed. */
  onClosed(connection: RealtimeConnection): void;
}

export interface StartOptions {
  /**
   * Authenticate from the upgrade request (`/ws?token=`, the host's hook) before reading any
   * frame. Resolves null when the request carried no credentials.
   */
  preauth?: () => Promise<Principal | null>;
}

/** Per-connection facts the request handlers keep. */
export interface SessionFlags {
  helloSeen: boolean;
  /** Authenticated from the upgrade request. */
  preauthenticated: boolean;
  encrypted: "compat" | "hardened" | undefined;
  /** A `logout` of this connection is running: the engine's close of its session waits for the reply. */
  inLogout: boolean;
}
