/**
 * LairError: the single error class of every Lair Chat package. Only `{code, message,
 * details}` crosses the wire (see `toWireError`); a client rebuilds a LairError from it with
 * `fromWireError`.
 */
import { ERROR_CODES, type ErrorCode, httpStatusOf, isErrorCode } from "./codes.ts";

/** The error object as it travels in HTTP bodies and real-time frames. */
export interface WireError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface LairErrorOptions {
  /** Human-readable message. @default the table's message for the code */
  message?: string;
  /** Extra structured data sent to the peer (e.g. `retry_after`, field issues). */
  details?: Record<string, unknown>;
  /** The underlying error; logged, never sent. */
  cause?: unknown;
}

export class LairError extends Error {
  override readonly name = "LairError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: LairErrorOptions = {}) {
    super(
      options.message ?? ERROR_CODES[code].message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.details = options.details;
  }

  /** The HTTP status this error maps to. */
  get status(): number {
    return httpStatusOf(this.code);
  }

  /** The `{code, message, details?}` object that crosses the wire. */
  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** True for a LairError (also across package copies, by shape). */
export function isLairError(value: unknown): value is LairError {
  return (
    value instanceof LairError ||
    (value instanceof Error && value.name === "LairError" && isErrorCode((value as LairError).code))
  );
}

/**
 * Normalise anything thrown into a LairError. Unknown errors become `internal_error` with the
 * original kept as `cause` (never sent to the peer).
 */
export function toLairError(error: unknown, fallback: ErrorCode = "internal_error"): LairError {
  if (isLairError(error)) return error;
  return new LairError(fallback, { cause: error });
}

/**
 * Rebuild a LairError from a wire error received from a peer. A code outside our table (a
 * newer or foreign server) is kept in `details.remote_code` under `internal_error`.
 */
export function fromWireError(wire: WireError): LairError {
  if (isErrorCode(wire.code)) {
    return new LairError(wire.code, {
      message: wire.message,
      ...(wire.details ? { details: wire.details } : {}),
    });
  }
  return new LairError("internal_error", {
    message: wire.message,
    details: { ...wire.details, remote_code: wire.code },
  });
}
