/**
 * Read a JSON request body with a size cap (413 `payload_too_large`, checked against
 * Content-Length before reading and against the bytes as they arrive) and a strict parse
 * (400 `invalid_json`: malformed, too deep, or prototype keys).
 */
import type { IncomingMessage } from "node:http";
import { LairError, parseJson } from "@lair-chat/protocol";

/** Resolves with the parsed body, or `undefined` when the request has none. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  // A framework (express.json(), Fastify) may have read the body already.
  // Its parser may accept forms too, so the JSON-only rule below still applies to it.
  const preParsed = (req as IncomingMessage & { body?: unknown }).body;
  if (preParsed !== undefined && req.readableEnded) {
    if (!hasDeclaredBody(req)) return undefined;
    requireJsonType(req);
    return preParsed;
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw new LairError("payload_too_large", { details: { max_bytes: maxBytes } });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) {
      req.resume();
      throw new LairError("payload_too_large", { details: { max_bytes: maxBytes } });
    }
    chunks.push(buf);
  }
  if (size === 0) return undefined;
  requireJsonType(req);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch (cause) {
    throw new LairError("invalid_json", { message: "Body is not valid UTF-8", cause });
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    throw new LairError("invalid_json", { details: parsed.error.details ?? {}, cause: parsed.error });
  }
  return parsed.value;
}

function hasDeclaredBody(req: IncomingMessage): boolean {
  const length = Number(req.headers["content-length"] ?? 0);
  return req.headers["transfer-encoding"] !== undefined || (Number.isFinite(length) && length > 0);
}

/**
 * Requiring JSON keeps cross-site forms (text/plain, urlencoded, multipart) out: a browser
 * cannot send application/json cross-site without a CORS preflight.
 */
function requireJsonType(req: IncomingMessage): void {
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  if (!type.startsWith("application/json") && !/^application\/[a-z0-9.+-]*\+json/.test(type)) {
    throw new LairError("validation_failed", { message: "Content-Type must be application/json" });
  }
}
