/**
 * Cross-site WebSocket hijacking defence: a browser attaches cookies to a cross-site upgrade
 * and names the page's origin in `Origin`, so only listed origins (and the server's own) may
 * open `/ws`. Clients without `Origin` are not browsers and carry no ambient credentials.
 */

/** Canonical `scheme://host[:port]` of an origin, or undefined when it is not one. */
export function normalizeOrigin(origin: string): string | undefined {
  if (origin === "null") return undefined;
  try {
    const url = new URL(origin);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * True when an upgrade with this `Origin` header may proceed. Same-origin means the origin's
 * host (with port) equals the request's `Host` header.
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[] | "*",
): boolean {
  if (origin === undefined) return true;
  if (allowed === "*") return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) return false;
  if (host !== undefined && new URL(normalized).host === host.toLowerCase()) return true;
  return allowed.some((entry) => normalizeOrigin(entry) === normalized);
}
