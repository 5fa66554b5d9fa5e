/** The per-connection settings a client derives from its resolved options. */
import type { ResolvedClientOptions } from "../options.ts";
import type { ConnectionOptions } from "./connection-options.ts";

export function connectionSettings(
  options: ResolvedClientOptions,
  getToken: ConnectionOptions["getToken"],
): Omit<ConnectionOptions, "opened" | "connectTimeout"> {
  return {
    getToken,
    // The transport may need features of its own (TCP encryption).
    features: [...new Set([...options.features, ...(options.factory.extraFeatures ?? [])])],
    clientName: options.clientName,
    requestTimeout: options.requestTimeout,
    heartbeatInterval: options.heartbeatInterval,
    heartbeatTimeout: options.heartbeatTimeout,
    validator: options.validator,
    logger: options.logger,
  };
}
