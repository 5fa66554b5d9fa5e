/**
 * The host app's own login session: a cookie `notes_session=<username>.<expires>.<signature>`
 * signed with HMAC-SHA256. It stands in for whatever session your app already has
 * (express-session, Passport, a JWT cookie); Lair only ever sees it through the
 * `authenticate` hook in app.ts.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const SESSION_COOKIE = "notes_session";

export interface HostSessions {
  /** A `Set-Cookie` value that logs `username` in. */
  issue(username: string): string;
  /** A `Set-Cookie` value that clears the session. */
  clear(): string;
  /** The logged-in username of a request, or null (no cookie, bad signature, expired). */
  read(req: IncomingMessage): string | null;
}

export function createHostSessions(secret: string, ttlMs: number): HostSessions {
  if (secret.length < 32) throw new RangeError("secret must be at least 32 characters");
  const sign = (payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");

  return {
    issue(username) {
      const payload = `${username}.${Date.now() + ttlMs}`;
      const maxAge = Math.floor(ttlMs / 1000);
      return `${SESSION_COOKIE}=${payload}.${sign(payload)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}`;
    },
    clear() {
      return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
    },
    read(req) {
      const value = cookieValue(req.headers.cookie, SESSION_COOKIE);
      const m = value ? /^([A-Za-z0-9_]+)\.(\d+)\.([A-Za-z0-9_-]+)$/.exec(value) : null;
      if (!m) return null;
      const [, username, expires, signature] = m as unknown as [string, string, string, string];
      const expected = Buffer.from(sign(`${username}.${expires}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      return Number(expires) > Date.now() ? username : null;
    },
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
