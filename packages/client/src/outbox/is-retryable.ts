/**
 * Which failures leave a queued message pending (to be sent again) and which fail it for good.
 * A retry is safe because the server dedupes on `client_message_id`; only an answer that the
 * same request would get again (bad content, no permission, unknown room…) fails a message.
 */
import { isLairError } from "@lair-chat/protocol";

const RETRYABLE: ReadonlySet<string> = new Set([
  // The connection, not the message: try again on the next one.
  "connection_closed",
  "network_error",
  "timeout",
  "slow_consumer",
  "invalid_state",
  // The server is busy or briefly unwell.
  "rate_limited",
  "internal_error",
  "database_error",
  "storage_unavailable",
  "service_unavailable",
  "server_shutting_down",
  "connection_limit",
  // Credentials: the message waits until the client is authenticated again.
  "unauthorized",
  "missing_token",
  "invalid_token",
  "token_expired",
  "session_not_found",
  "session_expired",
]);

/** Failures that need a new connection rather than a timer before the next try. */
const NEEDS_NEW_CONNECTION: ReadonlySet<string> = new Set([
  "connection_closed",
  "network_error",
  "slow_consumer",
  "invalid_state",
  "unauthorized",
  "missing_token",
  "invalid_token",
  "token_expired",
  "session_not_found",
  "session_expired",
]);

/** True when sending the same message again may succeed. Non-Lair errors count as network trouble. */
export function isRetryableError(error: unknown): boolean {
  return !isLairError(error) || RETRYABLE.has(error.code);
}

/** True when a retry should wait for the next connection instead of a timer. */
export function needsNewConnection(error: unknown): boolean {
  return !isLairError(error) || NEEDS_NEW_CONNECTION.has(error.code);
}
