/**
 * `POST /api/v1/attachments` (upload: the raw bytes as the body, the file name in `?name=`)
 * and `GET`/`HEAD /api/v1/attachments/{id}` (download). These stream, so they sit beside the
 * JSON routes rather than among them. See docs/attachments.md.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { API_PREFIX, IdSchema, isInlineImageType, LairError } from "@lair-chat/protocol";
import type { CallContext, Principal } from "../engine/engine-api.ts";
import { type LairEngine, rateLimitedError } from "../engine/lair-engine.ts";
import { isOriginAllowed } from "../http/origin-check.ts";
import { sendError, sendJson } from "../http/send-json.ts";
import type { AttachmentRecord } from "../storage/records.ts";
import type { AttachmentService } from "./attachment-service.ts";
import { contentDisposition } from "./file-name.ts";
import { parseRange } from "./http-range.ts";
import { wireAttachment } from "./wire-attachment.ts";

export const ATTACHMENTS_PATH = `${API_PREFIX}/attachments`;

/** True for the paths `handleAttachmentRequest` answers. */
export function isAttachmentPath(path: string): boolean {
  return path === ATTACHMENTS_PATH || path.startsWith(`${ATTACHMENTS_PATH}/`);
}

export interface AttachmentHttpDeps {
  engine: LairEngine;
  allowedOrigins: string[] | "*";
  /** The caller, and whether a host authenticator (cookie-style) vouched for them. */
  authenticate(): Promise<{ principal: Principal; viaHost: boolean }>;
  clientAddress: string;
}

/** Content types served as themselves; everything else (HTML, SVG, unknown) is an octet stream. */
const SERVED_TYPES: Record<string, string> = {
  "image/png": "image/png",
  "image/jpeg": "image/jpeg",
  "image/gif": "image/gif",
  "image/webp": "image/webp",
  "application/pdf": "application/pdf",
  "application/zip": "application/zip",
  "text/plain": "text/plain; charset=utf-8",
};

/** Safe `Content-Type` and disposition for a stored file: only raster images go inline. */
export function servingOf(mimeType: string): { contentType: string; inline: boolean } {
  return {
    contentType: SERVED_TYPES[mimeType] ?? "application/octet-stream",
    inline: isInlineImageType(mimeType),
  };
}

function queryParam(req: IncomingMessage, name: string): string | undefined {
  const raw = req.url ?? "";
  const q = raw.indexOf("?");
  if (q === -1) return undefined;
  return new URLSearchParams(raw.slice(q + 1)).get(name) ?? undefined;
}

async function checkRate(deps: AttachmentHttpDeps, principal: Principal): Promise<void> {
  const ctx: CallContext = {
    principal,
    transport: "http",
    clientAddress: deps.clientAddress,
    userAgent: null,
    features: new Set(deps.engine.features),
  };
  // Uploads and downloads count against the general tier, like any other call.
  const check = await deps.engine.checkRateLimits("get_user", ctx);
  if (check.refused) throw rateLimitedError(check.refused);
}

/** Answer a request under `ATTACHMENTS_PATH`; returns the route label for metrics. */
export async function handleAttachmentRequest(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: AttachmentHttpDeps,
): Promise<string> {
  const method = (req.method ?? "GET").toUpperCase();
  const service = deps.engine.core.attachments;
  if (path === ATTACHMENTS_PATH) {
    if (method !== "POST") {
      req.resume();
      sendError(res, new LairError("method_not_allowed"), { Allow: "POST" });
      return ATTACHMENTS_PATH;
    }
    await upload(req, res, deps, service);
    return ATTACHMENTS_PATH;
  }
  const label = `${ATTACHMENTS_PATH}/{attachment_id}`;
  const rest = path.slice(ATTACHMENTS_PATH.length + 1);
  if (rest.includes("/")) throw new LairError("not_found");
  if (method !== "GET" && method !== "HEAD") {
    req.resume();
    sendError(res, new LairError("method_not_allowed"), { Allow: "GET, HEAD" });
    return label;
  }
  req.resume();
  const { principal } = await deps.authenticate();
  await checkRate(deps, principal);
  if (!service?.enabled) throw new LairError("attachments_unsupported");
  let id: string;
  try {
    id = decodeURIComponent(rest);
  } catch {
    throw new LairError("attachment_not_found");
  }
  if (!IdSchema.safeParse(id).success) throw new LairError("attachment_not_found");
  const att = await service.authorizeDownload(principal.userId, id);
  await download(req, res, service, att, method === "HEAD");
  return label;
}

async function upload(
  req: IncomingMessage,
  res: ServerResponse,
  deps: AttachmentHttpDeps,
  service: AttachmentService | undefined,
): Promise<void> {
  // Whatever happens, the rest of a refused body is read and dropped, then the connection closes.
  const refuse = (error: unknown) => {
    req.resume();
    sendError(res, error, { Connection: "close" });
  };
  try {
    const { principal, viaHost } = await deps.authenticate();
    if (viaHost && !isOriginAllowed(req, deps.allowedOrigins)) throw new LairError("origin_not_allowed");
    await checkRate(deps, principal);
    if (!service?.enabled) throw new LairError("attachments_unsupported");
    const header = req.headers["content-length"];
    const declared = header === undefined ? undefined : Number(header);
    // `destroyOnReturn: false`: stopping at the limit must not tear the socket down before the 413 is out.
    const source = req.iterator({ destroyOnReturn: false });
    const record = await service.upload(
      principal.userId,
      queryParam(req, "name") ?? headerName(req),
      source,
      declared !== undefined && Number.isFinite(declared) ? declared : undefined,
    );
    sendJson(res, 201, { attachment: wireAttachment(record) });
  } catch (error) {
    refuse(error);
  }
}

/** `X-File-Name` (percent-encoded), for clients that cannot put the name in the query. */
function headerName(req: IncomingMessage): string | undefined {
  const raw = req.headers["x-file-name"];
  if (typeof raw !== "string") return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

async function download(
  req: IncomingMessage,
  res: ServerResponse,
  service: AttachmentService,
  att: AttachmentRecord,
  headOnly: boolean,
): Promise<void> {
  const etag = `"${att.sha256}"`;
  const { contentType, inline } = servingOf(att.mimeType);
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", att.name),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, max-age=3600",
    "Accept-Ranges": "bytes",
    ETag: etag,
  };
  if (etagMatches(req.headers["if-none-match"], etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  const ifRange = req.headers["if-range"];
  const rangeHeader = ifRange === undefined || ifRange === etag ? req.headers.range : undefined;
  const range = parseRange(rangeHeader, att.size);
  if (range.kind === "unsatisfiable") {
    sendError(res, new LairError("range_not_satisfiable"), { "Content-Range": `bytes */${att.size}` });
    return;
  }
  const stream = headOnly
    ? null
    : await service.blobs.get(att.blobKey, range.kind === "partial" ? range.range : undefined);
  if (!headOnly && !stream) throw new LairError("attachment_not_found");
  if (range.kind === "partial") {
    const { start, end } = range.range;
    headers["Content-Range"] = `bytes ${start}-${end}/${att.size}`;
    headers["Content-Length"] = String(end - start + 1);
    res.writeHead(206, headers);
  } else {
    headers["Content-Length"] = String(att.size);
    res.writeHead(200, headers);
  }
  if (!stream) {
    res.end();
    return;
  }
  await pipeline(stream, res).catch(() => {
    // The client went away mid-download; nothing to answer.
    res.destroy();
  });
}
