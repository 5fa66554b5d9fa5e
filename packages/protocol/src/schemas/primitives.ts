/**
 * Building blocks shared by every schema: ids, timestamps, request ids, the wire error object
 * and `lairRule`, which tags a validation issue with the Lair error code it maps to.
 */
import { z } from "zod";
import type { ErrorCode } from "../errors/codes.ts";
import { ID_MAX_LENGTH, REQUEST_ID_MAX_LENGTH } from "../limits.ts";
import { utf8ByteLength } from "../utf8-byte-length.ts";

/**
 * Entity id (user, room, message, session, invitation). Lair ids are UUIDs; we accept any
 * opaque id of URL-safe characters so storage adapters may choose their own, and so that an id
 * can never contain the `:` that separates conversation keys.
 */
export const IdSchema = z
  .string()
  .min(1)
  .max(ID_MAX_LENGTH)
  .regex(/^[A-Za-z0-9_-]+$/, "Id must use letters, digits, '_' or '-'");

/**
 * RFC 3339 timestamp. Our server always writes UTC with `Z`; an offset is accepted because the
 * Rust server writes some timestamps (`session.expires_at`, `pong.server_time`) as `+00:00`.
 */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** Correlates a request with its `<type>_response`; the Rust server sends `null` when absent. */
export const RequestIdSchema = z.string().max(REQUEST_ID_MAX_LENGTH).nullish();

/** Non-negative conversation sequence number (`seq` extension). */
export const SeqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `{code, message, details?}`: the error object in HTTP bodies, responses and `error` frames. */
export const WireErrorSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** The key under `ZodIssue.params` that carries the Lair error code of a rule violation. */
export const LAIR_CODE_PARAM = "lair_code";

// Schema modules take it from here; the definition is zod-free so browser code can share it.
export { utf8ByteLength };

/**
 * A string rule whose violation maps to a specific Lair error code (e.g. `content_invalid`
 * rather than the generic `invalid_message`). `check` returns a reason or `undefined`.
 */
export function lairString(
  code: ErrorCode,
  check: (value: string) => string | undefined,
  description: string,
): z.ZodString {
  return z
    .string()
    .check((ctx) => {
      const reason = check(ctx.value);
      if (reason !== undefined) {
        ctx.issues.push({
          code: "custom",
          message: reason,
          input: ctx.value,
          params: { [LAIR_CODE_PARAM]: code },
        });
      }
    })
    .describe(description);
}

/** `lairString` for a byte-length limit with an optional minimum. */
export function boundedString(code: ErrorCode, maxBytes: number, description: string): z.ZodString {
  return lairString(
    code,
    (v) => (utf8ByteLength(v) > maxBytes ? `must be at most ${maxBytes} bytes` : undefined),
    description,
  );
}
