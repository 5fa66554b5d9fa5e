/** register, login, logout, refresh_token, change_password (Lair HTTP.md "Authentication"). */
import { LairError } from "@lair-chat/protocol";
import type { UserRecord } from "../storage/records.ts";
import { principalOf } from "./access.ts";
import type { CommandInput } from "./command-inputs.ts";
import type { CallContext } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { issueSession, revokeSessions, sessionInfo } from "./sessions.ts";
import { iso, wireUser } from "./wire.ts";

export async function register(core: EngineCore, ctx: CallContext, input: CommandInput<"register">) {
  if (!core.options.allowRegistration) {
    throw new LairError("permission_denied", { message: "Registration is closed on this server" });
  }
  const now = core.now();
  const user: UserRecord = {
    id: core.newId(),
    username: input.username,
    email: input.email.toLowerCase(),
    passwordHash: await core.hasher.hash(input.password),
    role: "user",
    createdAt: now,
    updatedAt: now,
    lastSeenAt: null,
    bannedAt: null,
    deletedAt: null,
  };
  await core.storage.createUser(user);
  const issued = await issueSession(core, user, ctx);
  return { user: wireUser(user), session: sessionInfo(issued.session), token: issued.token };
}

export async function login(core: EngineCore, ctx: CallContext, input: CommandInput<"login">) {
  const found = await core.storage.findUserByIdentifier(input.identifier);
  const user = found && found.deletedAt === null ? found : null;
  // Same work and the same answer whether the user is unknown or the password wrong.
  const ok = await core.hasher.verifyOrBurn(user ? user.passwordHash : null, input.password);
  if (!user || !ok) throw new LairError("invalid_credentials");
  if (user.bannedAt !== null) throw new LairError("account_banned");
  const issued = await issueSession(core, user, ctx);
  return { user: wireUser(user), session: sessionInfo(issued.session), token: issued.token };
}

export async function logout(core: EngineCore, ctx: CallContext) {
  const p = principalOf(ctx);
  await revokeSessions(core, [p.sessionId], "logout", "session_not_found", ctx.connection?.id);
  return { success: true as const };
}

export async function refreshToken(core: EngineCore, ctx: CallContext) {
  const p = principalOf(ctx);
  const now = core.now();
  const user = await core.storage.getUser(p.userId);
  if (!user) throw new LairError("session_not_found");
  const sessionExpiresAt = now + core.options.sessionTtlMs;
  await core.storage.touchSession(p.sessionId, now, sessionExpiresAt);
  const expiresAt = Math.min(now + core.options.tokenTtlMs, sessionExpiresAt);
  const token = await core.tokens.sign({
    userId: user.id,
    sessionId: p.sessionId,
    username: user.username,
    role: user.role,
    expiresAt,
  });
  return { token, expires_at: iso(expiresAt) };
}

/** Changes the password and revokes every other session of the user (their sockets close). */
export async function changePassword(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"change_password">,
) {
  const p = principalOf(ctx);
  const user = await core.storage.getUser(p.userId);
  if (!user) throw new LairError("session_not_found");
  const ok = await core.hasher.verifyOrBurn(user.passwordHash || null, input.current_password);
  if (!ok) throw new LairError("incorrect_password");
  const now = core.now();
  await core.storage.updateUser(user.id, {
    passwordHash: await core.hasher.hash(input.new_password),
    updatedAt: now,
  });
  const revoked = await core.storage.revokeUserSessions(user.id, now, "password_changed", p.sessionId);
  core.router.revokeSessions(revoked, "session_not_found", "Password changed");
  return { success: true as const };
}
