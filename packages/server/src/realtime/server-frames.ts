/**
 * The server messages the connection itself writes (docs/protocol.md#server-messages): the
 * `<type>_response` envelope, `error` frames and `pong`. Events come from the engine already
 * serialised.
 */
import { ERROR_CODES, type LairError, type WireError } from "@lair-chat/protocol";

/** Codes whose message may carry server internals; the peer gets the table's message instead. */
const OPAQUE_CODES: ReadonlySet<string> = new Set([
  "internal_error",
  "database_error",
  "storage_unavailable",
]);

/** The wire error of a LairError; internal failures never leak their message or cause. */
export function wireErrorOf(error: LairError): WireError {
  if (OPAQUE_CODES.has(error.code)) return { code: error.code, message: ERROR_CODES[error.code].message };
  return error.toWire();
}

/**
 * `{type: "<type>_response", request_id, success: true, ...payload}`. `request_id` is always
 * present (null when the request had none), as the Rust server writes it.
 */
export function successResponse(type: string, requestId: string | undefined, payload: object): string {
  const out: Record<string, unknown> = {
    type: `${type}_response`,
    request_id: requestId ?? null,
    success: true,
  };
  for (const [key, value] of Object.entries(payload)) {
    if (!Object.hasOwn(out, key)) out[key] = value;
  }
  return JSON.stringify(out);
}

/** `{type: "<type>_response", request_id, success: false, error: {code, message, details?}}`. */
export function failureResponse(type: string, requestId: string | undefined, error: LairError): string {
  return JSON.stringify({
    type: `${type}_response`,
    request_id: requestId ?? null,
    success: false,
    error: wireErrorOf(error),
  });
}

/** A protocol-level `error` frame; `request_id` only when the offending request had one. */
export function errorFrame(error: LairError, requestId?: string): string {
  const wire = wireErrorOf(error);
  return JSON.stringify({
    type: "error",
    ...(requestId === undefined ? {} : { request_id: requestId }),
    code: wire.code,
    message: wire.message,
    ...(wire.details === undefined ? {} : { details: wire.details }),
  });
}

/** `pong {server_time}`, with the ping's `request_id` when it had one. */
export function pongFrame(requestId: string | undefined, now: number = Date.now()): string {
  return JSON.stringify({
    type: "pong",
    ...(requestId === undefined ? {} : { request_id: requestId }),
    server_time: new Date(now).toISOString(),
  });
}
