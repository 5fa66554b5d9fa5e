/**
 * JSON parsing for untrusted frames (docs/protocol.md#json-payloads): depth-capped without
 * recursion, and refusing the keys that reach object prototypes.
 */
import { LairError } from "../errors/lair-error.ts";
import { MAX_JSON_NESTING_DEPTH } from "../limits.ts";
import type { DecodeResult } from "./decode-result.ts";

export interface ParseJsonOptions {
  /** Deepest nesting of objects and arrays accepted (`{}` is depth 1). @default MAX_JSON_NESTING_DEPTH (32) */
  maxDepth?: number;
}

/**
 * Keys refused anywhere in a message. JSON.parse itself stores `__proto__` as a plain own
 * property, but later code that copies with `Object.assign` or `obj[key] = …` would then
 * rewrite a prototype; no protocol message uses these names, so refusing them is cheap.
 */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
const FORBIDDEN_TEXT = /__proto__|constructor|prototype/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

class ForbiddenKey {
  constructor(readonly key: string) {}
}

function invalid(reason: string, message: string, extra: Record<string, unknown> = {}, cause?: unknown) {
  return {
    ok: false as const,
    error: new LairError("invalid_message", { message, details: { reason, ...extra }, cause }),
  };
}

/**
 * Parse `text` as JSON. Returns `invalid_message` for malformed JSON (`reason: "invalid_json"`),
 * nesting deeper than `maxDepth` (`"too_deep"`) and a `__proto__`, `constructor` or `prototype`
 * key (`"forbidden_key"`). Never throws on content.
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): DecodeResult<unknown> {
  if (typeof text !== "string") throw new TypeError("text must be a string");
  const maxDepth = options.maxDepth ?? MAX_JSON_NESTING_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new RangeError(`maxDepth must be a positive integer, got ${String(maxDepth)}`);
  }
  // One linear pass measures nesting before JSON.parse can build (and recurse over) a
  // deep structure. Brackets inside strings do not count; malformed text is left to JSON.parse.
  let depth = 0;
  let inString = false;
  let sawBackslash = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) {
        sawBackslash = true;
        i++;
      } else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth)
        return invalid("too_deep", "JSON is nested too deeply", { max_depth: maxDepth });
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth < 0) return invalid("invalid_json", "Payload is not valid JSON");
    }
  }
  // A forbidden key can only appear literally or spelled with escapes; without either the
  // reviver (several times slower) is not needed.
  const needsReviver = sawBackslash || FORBIDDEN_TEXT.test(text);
  try {
    const value: unknown = needsReviver ? JSON.parse(text, rejectForbiddenKeys) : JSON.parse(text);
    return { ok: true, value };
  } catch (cause) {
    if (cause instanceof ForbiddenKey) {
      return invalid("forbidden_key", "JSON contains a forbidden key", { key: cause.key });
    }
    return invalid("invalid_json", "Payload is not valid JSON", {}, cause);
  }
}

function rejectForbiddenKeys(this: unknown, key: string, value: unknown): unknown {
  // Array indices also pass through here, but they are never forbidden names.
  if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKey(key);
  return value;
}
