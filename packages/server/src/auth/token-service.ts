/**
 * Bearer tokens: HS256 JWTs (PROTOCOL.md "Auth") with claims sub, sid, username, role, iat,
 * exp. Verification pins the algorithm list to HS256, so `alg: none` and key-confusion tokens
 * are refused before any claim is read. A valid signature is not enough: the engine also
 * checks the session in storage (see session-guard.ts).
 */

import { LairError } from "@lair-chat/protocol";
import { errors, jwtVerify, SignJWT } from "jose";
import type { SystemRole } from "../storage/records.ts";

export interface TokenClaims {
  sub: string;
  sid: string;
  username: string;
  role: SystemRole;
  iat: number;
  exp: number;
}

export interface TokenService {
  /** Sign a token for a session; `expiresAt` is epoch ms. */
  sign(claims: {
    userId: string;
    sessionId: string;
    username: string;
    role: SystemRole;
    expiresAt: number;
  }): Promise<string>;
  /** Verify signature, algorithm and time claims. Throws LairError `invalid_token` / `token_expired`. */
  verify(token: string): Promise<TokenClaims>;
}

const ALGORITHMS = ["HS256"];
const ROLES = new Set(["user", "moderator", "admin"]);

export function createTokenService(secret: Uint8Array, now: () => number = Date.now): TokenService {
  return {
    async sign({ userId, sessionId, username, role, expiresAt }) {
      const iat = Math.floor(now() / 1000);
      return new SignJWT({ sid: sessionId, username, role })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuedAt(iat)
        .setExpirationTime(Math.floor(expiresAt / 1000))
        .sign(secret);
    },
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, secret, {
          algorithms: ALGORITHMS,
          requiredClaims: ["sub", "sid", "exp", "iat"],
          currentDate: new Date(now()),
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw new LairError("token_expired", { cause: error });
        throw new LairError("invalid_token", { cause: error });
      }
      const { sub, sid, username, role, iat, exp } = payload;
      if (
        typeof sub !== "string" ||
        typeof sid !== "string" ||
        typeof username !== "string" ||
        typeof role !== "string" ||
        !ROLES.has(role) ||
        typeof iat !== "number" ||
        typeof exp !== "number"
      ) {
        throw new LairError("invalid_token");
      }
      return { sub, sid, username, role: role as SystemRole, iat, exp };
    },
  };
}
