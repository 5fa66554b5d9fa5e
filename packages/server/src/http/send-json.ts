/** JSON responses and `{"error":{code,message,details?}}` bodies (Lair HTTP.md "Error Responses"). */
import type { ServerResponse } from "node:http";
import { type LairError, toLairError } from "@lair-chat/protocol";

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  error: unknown,
  headers: Record<string, string> = {},
): LairError {
  const e = toLairError(error);
  const extra = { ...headers };
  if (e.code === "rate_limited" && typeof e.details?.retry_after === "number")
    extra["Retry-After"] = String(e.details.retry_after);
  sendJson(res, e.status, { error: e.toWire() }, extra);
  return e;
}
