/**
 * Origin checks for browser requests: a request without `Origin` (not a browser, or a
 * same-origin GET) passes, as does one whose Origin matches its Host or the allow-list.
 */
import type { IncomingMessage } from "node:http";

export function isOriginAllowed(req: IncomingMessage, allowed: string[] | "*"): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || allowed === "*") return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
