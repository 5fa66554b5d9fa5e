/** `createLairClient`: resolve the options (every default lives here) and build a LairClient. */
import { MemoryTokenStore } from "./auth/token-store.ts";
import { LairClient } from "./client.ts";
import { resolveLogger } from "./logger.ts";
import { DEFAULT_FEATURES, type LairClientOptions, type ResolvedClientOptions } from "./options.ts";
import { MemoryOutboxStore } from "./outbox/outbox-store.ts";
import type { TransportFactory } from "./realtime/transport-factory.ts";
import { webSocketFactory, webSocketUrlFor } from "./realtime/websocket-factory.ts";
import { resolveReconnectOptions } from "./reconnect/reconnect-policy.ts";
import { trustingValidator } from "./validation/validator.ts";

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value > 0)) throw new RangeError(`${name} must be a positive number`);
  return value;
}

/** Resolve options for a given transport factory (shared by the browser and Node entries). */
export function resolveClientOptions(
  options: LairClientOptions,
  factory: TransportFactory | undefined,
): ResolvedClientOptions {
  if (options === null || typeof options !== "object") throw new TypeError("options must be an object");
  if (typeof options.baseUrl !== "string" || !/^https?:\/\//.test(options.baseUrl)) {
    throw new TypeError("options.baseUrl must be an http:// or https:// URL");
  }
  const transport = options.transport ?? "websocket";
  let resolvedFactory = factory;
  if (!resolvedFactory) {
    if (transport === "websocket") {
      resolvedFactory = webSocketFactory(
        options.webSocketUrl ?? webSocketUrlFor(options.baseUrl),
        options.WebSocket,
      );
    } else if (typeof transport === "object" && typeof transport.open === "function") {
      resolvedFactory = transport;
    } else if ((transport as unknown) === "tcp") {
      throw new TypeError("transport 'tcp' needs createLairClient from '@lair-chat/client/node'");
    } else {
      throw new TypeError("options.transport must be 'websocket' or a TransportFactory");
    }
  }
  return {
    baseUrl: options.baseUrl,
    factory: resolvedFactory,
    tokenStore: options.tokenStore ?? new MemoryTokenStore(),
    outboxStore: options.outboxStore ?? new MemoryOutboxStore(),
    logger: resolveLogger(options.logger),
    reconnect: resolveReconnectOptions(options.reconnect),
    heartbeatInterval: positive(options.heartbeatInterval, 30_000, "heartbeatInterval"),
    heartbeatTimeout: positive(options.heartbeatTimeout, 10_000, "heartbeatTimeout"),
    requestTimeout: positive(options.requestTimeout, 15_000, "requestTimeout"),
    fetch: options.fetch,
    features: options.features ?? DEFAULT_FEATURES,
    clientName: options.clientName ?? "lair-chat-ts",
    tokenRefreshMargin: positive(options.tokenRefreshMargin, 300_000, "tokenRefreshMargin"),
    typingTimeout: positive(options.typingTimeout, 5000, "typingTimeout"),
    outboxLimit: positive(options.outboxLimit, 1000, "outboxLimit"),
    backfillPageSize: positive(options.backfillPageSize, 100, "backfillPageSize"),
    syncOnConnect: options.syncOnConnect ?? true,
    validator: options.validator ?? trustingValidator,
  };
}

/**
 * Create a client for the browser (or Node over WebSocket). For TCP, use the same function from
 * `@lair-chat/client/node`.
 */
export function createLairClient(options: LairClientOptions): LairClient {
  return new LairClient(resolveClientOptions(options, undefined));
}
