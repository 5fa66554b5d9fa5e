/**
 * Total parsers for untrusted input: whatever the value, they return a typed result and never
 * throw (docs/protocol.md#validation). Feed them the output of `parseJson`.
 */
import type { z } from "zod";
import { ERROR_CODES, type ErrorCode, isErrorCode } from "../errors/codes.ts";
import { LairError } from "../errors/lair-error.ts";
import type { DecodeResult } from "../json/decode-result.ts";
import { REQUEST_ID_MAX_LENGTH } from "../limits.ts";
import { CLIENT_MESSAGE_SCHEMAS, type ClientMessage } from "./client-messages.ts";
import { LAIR_CODE_PARAM } from "./primitives.ts";
import { SERVER_MESSAGE_SCHEMAS, type ServerMessage } from "./server-messages.ts";

/** Outcome of parsing one real-time message. On failure, `type` and `requestId` are what could
 * be read from the input, so a server can still answer `<type>_response` with the request id. */
export type MessageParseResult<T> =
  | { ok: true; message: T }
  | { ok: false; error: LairError; type?: string; requestId?: string };

/** One validation problem as it goes into `details.issues`. */
export interface IssueSummary {
  path: string;
  message: string;
  code: string;
}

const MAX_ISSUES = 10;
const MAX_TEXT = 200;
const MAX_KEY = 64;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else {
      const key = clip(String(part), MAX_KEY);
      out += out === "" ? key : `.${key}`;
    }
  }
  return out;
}

/**
 * Summarise zod issues for `details.issues`: path and message only (never the input value), at
 * most `max` of them, long texts clipped.
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], max = MAX_ISSUES): IssueSummary[] {
  return issues.slice(0, max).map((issue) => ({
    path: formatPath(issue.path),
    message: clip(issue.message, MAX_TEXT),
    code: issue.code,
  }));
}

/** The first issue that carries a Lair code (looking inside union branches), if any. */
function findCodedIssue(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): { code: ErrorCode; issue: z.core.$ZodIssue; path: PropertyKey[] } | undefined {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "custom") {
      const code = issue.params?.[LAIR_CODE_PARAM];
      if (isErrorCode(code)) return { code, issue, path };
    }
    if (issue.code === "invalid_union") {
      for (const branch of issue.errors) {
        const found = findCodedIssue(branch, path);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** Turn zod issues into one LairError: a rule's own code when one was broken, else `fallback`. */
function issuesToError(issues: readonly z.core.$ZodIssue[], fallback: ErrorCode): LairError {
  const summary = formatZodIssues(issues);
  const coded = findCodedIssue(issues);
  if (coded) {
    const field = formatPath(coded.path);
    const reason = clip(coded.issue.message, MAX_TEXT);
    return new LairError(coded.code, {
      message: `${ERROR_CODES[coded.code].message}: ${reason}`,
      details: { field, reason, issues: summary },
    });
  }
  const first = summary[0];
  const message = first
    ? `${ERROR_CODES[fallback].message}: ${first.path === "" ? "" : `${first.path}: `}${first.message}`
    : ERROR_CODES[fallback].message;
  return new LairError(fallback, { message, details: { issues: summary } });
}

function parseMessage<T>(
  value: unknown,
  schemas: Readonly<Record<string, z.ZodType>>,
  what: string,
): MessageParseResult<T> {
  try {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      const error = new LairError("invalid_message", {
        message: `A ${what} must be a JSON object`,
        details: { reason: "not_an_object" },
      });
      return { ok: false, error };
    }
    const record = value as Record<string, unknown>;
    const type = Object.hasOwn(record, "type") ? record.type : undefined;
    const rawId = Object.hasOwn(record, "request_id") ? record.request_id : undefined;
    const requestId = typeof rawId === "string" && rawId.length <= REQUEST_ID_MAX_LENGTH ? rawId : undefined;
    const withId = requestId === undefined ? {} : { requestId };
    if (typeof type !== "string") {
      const reason = type === undefined ? "missing_type" : "type_not_a_string";
      const error = new LairError("invalid_message", {
        message: `A ${what} needs a string "type"`,
        details: { reason },
      });
      return { ok: false, error, ...withId };
    }
    if (!Object.hasOwn(schemas, type)) {
      const error = new LairError("unknown_message_type", {
        message: `Unknown message type: ${clip(type, MAX_KEY)}`,
        details: { type: clip(type, MAX_KEY) },
      });
      return { ok: false, error, ...withId };
    }
    const result = schemas[type]!.safeParse(value);
    if (result.success) return { ok: true, message: result.data as T };
    return { ok: false, error: issuesToError(result.error.issues, "invalid_message"), type, ...withId };
  } catch (cause) {
    // Only exotic values (proxies, throwing getters) get here; JSON input never does.
    return {
      ok: false,
      error: new LairError("invalid_message", { details: { reason: "unreadable" }, cause }),
    };
  }
}

/**
 * Validate a message a client sent. Errors: `invalid_message` (not an object, no `type`, wrong
 * fields; `details.issues` lists them), `unknown_message_type`, or a rule's own code
 * (`content_invalid`, `username_invalid`, `email_invalid`, `password_too_weak`,
 * `room_name_invalid`, `validation_failed`).
 */
export function parseClientMessage(value: unknown): MessageParseResult<ClientMessage> {
  return parseMessage<ClientMessage>(value, CLIENT_MESSAGE_SCHEMAS, "client message");
}

/** Validate a message a server sent; same error classes as `parseClientMessage`. */
export function parseServerMessage(value: unknown): MessageParseResult<ServerMessage> {
  return parseMessage<ServerMessage>(value, SERVER_MESSAGE_SCHEMAS, "server message");
}

/**
 * Validate an HTTP body, query or path parameters against one of the HTTP schemas. Errors:
 * `validation_failed` with `details.issues`, or a rule's own code (e.g. `content_invalid`).
 */
export function parseHttpBody<S extends z.ZodType>(schema: S, value: unknown): DecodeResult<z.output<S>> {
  try {
    const result = schema.safeParse(value);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, error: issuesToError(result.error.issues, "validation_failed") };
  } catch (cause) {
    return {
      ok: false,
      error: new LairError("validation_failed", { details: { reason: "unreadable" }, cause }),
    };
  }
}
