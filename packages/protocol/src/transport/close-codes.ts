/**
 * Close codes used on every transport. They are the WebSocket codes (RFC 6455 §7.4.1), so a
 * WebSocket peer sees them unchanged; over TCP they are only reported locally.
 */
export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  /** Reported (never sent) when the peer closed without a code, e.g. a TCP FIN. */
  NO_STATUS: 1005,
  /** Reported (never sent) when the connection dropped without a close handshake. */
  ABNORMAL: 1006,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  TRY_AGAIN_LATER: 1013,
} as const;

const utf8 = new TextEncoder();

/** Throws RangeError unless `code`/`reason` may be sent in a WebSocket close frame. */
export function checkCloseArgs(code: number, reason: string): void {
  const valid =
    Number.isInteger(code) &&
    ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
      (code >= 3000 && code <= 4999));
  if (!valid) throw new RangeError(`code must be 1000–1003, 1007–1014 or 3000–4999, got ${String(code)}`);
  if (typeof reason !== "string") throw new TypeError("reason must be a string");
  if (utf8.encode(reason).length > 123) throw new RangeError("reason must be at most 123 UTF-8 bytes");
}
