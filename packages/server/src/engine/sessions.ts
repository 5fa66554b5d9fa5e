/**
 * Sessions and tokens: issuing them, and checking a presented token against storage, since a
 * valid signature alone says nothing about logout, password change, ban or admin kill.
 */
import { LairError } from "@lair-chat/protocol";
import type { SessionRecord, UserRecord } from "../storage/records.ts";
import type { CallContext, Principal } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { iso } from "./wire.ts";

/** Record activity at most this often per session (a write per request would be wasteful). */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * How far in the future `iat` may be: other nodes of a cluster sign with their own clocks. jose
 * checks `exp`/`nbf` but not `iat`; a token "issued" later than that was not issued by us.
 */
const IAT_SKEW_MS = 60_000;

export interface IssuedSession {
  session: SessionRecord;
  token: string;
  tokenExpiresAt: number;
}

/** Create a session for a user and sign its first token. */
export async function issueSession(
  core: EngineCore,
  user: UserRecord,
  ctx: Pick<CallContext, "transport" | "clientAddress" | "userAgent">,
  protocol?: string,
): Promise<IssuedSession> {
  const now = core.now();
  const session: SessionRecord = {
    id: core.newId(),
    userId: user.id,
    createdAt: now,
    expiresAt: now + core.options.sessionTtlMs,
    lastActiveAt: now,
    revokedAt: null,
    revokedReason: null,
    protocol: protocol ?? ctx.transport,
    ipAddress: ctx.clientAddress || null,
    userAgent: ctx.userAgent,
  };
  await core.storage.createSession(session);
  const tokenExpiresAt = Math.min(now + core.options.tokenTtlMs, session.expiresAt);
  const token = await core.tokens.sign({
    userId: user.id,
    sessionId: session.id,
    username: user.username,
    role: user.role,
    expiresAt: tokenExpiresAt,
  });
  return { session, token, tokenExpiresAt };
}

/** `{id, expires_at}` as auth responses carry it. */
export function sessionInfo(s: SessionRecord) {
  return { id: s.id, expires_at: iso(s.expiresAt) };
}

/**
 * Check that a session is live and its user may act; returns the principal. Throws
 * `session_not_found` (revoked, missing, user deleted), `token_expired` (session past its end),
 * `account_banned`.
 */
export async function principalForSession(
  core: EngineCore,
  sessionId: string,
  userId: string,
): Promise<Principal> {
  if (core.router.isRevoked(sessionId)) throw new LairError("session_not_found");
  const session = await core.storage.getSession(sessionId);
  if (!session || session.revokedAt !== null || session.userId !== userId)
    throw new LairError("session_not_found");
  const now = core.now();
  if (session.expiresAt <= now) throw new LairError("token_expired");
  const user = await core.storage.getUser(userId);
  if (!user || user.deletedAt !== null) throw new LairError("session_not_found");
  if (user.bannedAt !== null) throw new LairError("account_banned");
  if (now - session.lastActiveAt > TOUCH_INTERVAL_MS) {
    await core.storage.touchSession(session.id, now).catch((error: unknown) => {
      core.logger.warn({ err: error }, "touchSession failed");
    });
  }
  return {
    userId: user.id,
    sessionId: session.id,
    username: user.username,
    role: user.role,
    expiresAt: session.expiresAt,
  };
}

/** Verify a bearer token completely (signature, algorithm, time, session, user). */
export async function verifyToken(core: EngineCore, token: string): Promise<Principal> {
  if (typeof token !== "string" || token.length === 0 || token.length > 8192)
    throw new LairError("invalid_token");
  const claims = await core.tokens.verify(token);
  if (claims.iat * 1000 > core.now() + IAT_SKEW_MS) throw new LairError("invalid_token");
  return principalForSession(core, claims.sid, claims.sub);
}

/** Revoke sessions in storage and close their live connections everywhere. */
export async function revokeSessions(
  core: EngineCore,
  sessionIds: string[],
  reason: string,
  closeCode: "session_not_found" | "account_banned" = "session_not_found",
  exceptConnectionId?: string,
): Promise<void> {
  const now = core.now();
  for (const id of sessionIds) await core.storage.revokeSession(id, now, reason);
  core.router.revokeSessions(sessionIds, closeCode, reason, exceptConnectionId);
}
