/**
 * Reads the claims of our JWTs (`sub`, `sid`, `username`, `role`, `exp`) without verifying them:
 * the client only needs to know who it is and when to refresh; the server does the verifying.
 */

export interface TokenClaims {
  sub: string;
  sid?: string;
  username?: string;
  role?: string;
  /** Expiry, seconds since the epoch. */
  exp?: number;
  iat?: number;
}

/** The claims of a JWT, or undefined when it is not a readable JWT. */
export function readTokenClaims(token: string): TokenClaims | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), "="));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== "object" || claims === null) return undefined;
    const { sub } = claims as Record<string, unknown>;
    return typeof sub === "string" ? (claims as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
