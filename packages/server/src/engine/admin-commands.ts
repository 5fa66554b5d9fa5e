/**
 * admin_stats, admin_ban_user, admin_unban_user, admin_set_user_role, admin_delete_room,
 * admin_revoke_session. The role is re-read from storage: a token minted before a demotion
 * must not keep admin rights.
 */
import { LairError } from "@lair-chat/protocol";
import { getRoomOr404, principalOf } from "./access.ts";
import type { CommandInput } from "./command-inputs.ts";
import type { CallContext, Principal } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { removeRoom } from "./room-commands.ts";
import { revokeSessions } from "./sessions.ts";
import { wireUser } from "./wire.ts";

export async function requireAdmin(core: EngineCore, ctx: CallContext): Promise<Principal> {
  const p = principalOf(ctx);
  const user = await core.storage.getUser(p.userId);
  if (user?.role !== "admin") throw new LairError("permission_denied");
  return p;
}

/** Node-level counters other nodes report for `admin_stats`. */
export const NODE_STATS = "node_stats";

export function localNodeStats(core: EngineCore) {
  return { connections: core.connections.size };
}

export async function adminStats(core: EngineCore, ctx: CallContext) {
  await requireAdmin(core, ctx);
  const now = core.now();
  const [stats, replies] = await Promise.all([core.storage.stats(now), core.bus.request(NODE_STATS, null)]);
  let connections = localNodeStats(core).connections;
  for (const r of replies) {
    const n = (r.payload as { connections?: unknown } | null)?.connections;
    if (typeof n === "number" && Number.isFinite(n)) connections += n;
  }
  return {
    stats: {
      total_users: stats.users,
      total_rooms: stats.rooms,
      online_users: core.presence.onlineUserIds().size,
      total_messages: stats.messages,
      active_connections: connections,
      uptime_seconds: Math.floor((now - core.startedAt) / 1000),
    },
  };
}

async function targetUser(core: EngineCore, p: Principal, userId: string) {
  if (userId === p.userId)
    throw new LairError("permission_denied", { message: "Admins cannot act on their own account here" });
  const user = await core.storage.getUser(userId);
  if (!user || user.deletedAt !== null) throw new LairError("user_not_found");
  return user;
}

/**
 * Bans are permanent until lifted: the storage interface has no ban expiry yet, so
 * `duration_hours` is accepted but `expires_at` is reported as null.
 */
export async function adminBanUser(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"admin_ban_user">,
) {
  const p = await requireAdmin(core, ctx);
  const user = await targetUser(core, p, input.user_id);
  const now = core.now();
  await core.storage.updateUser(user.id, { bannedAt: user.bannedAt ?? now, updatedAt: now });
  const revoked = await core.storage.revokeUserSessions(user.id, now, "banned");
  core.router.revokeSessions(revoked, "account_banned", "Account banned");
  core.router.revokeUsers([user.id], "account_banned", "Account banned");
  return { success: true as const, expires_at: null };
}

export async function adminUnbanUser(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"admin_unban_user">,
) {
  const p = await requireAdmin(core, ctx);
  const user = await targetUser(core, p, input.user_id);
  await core.storage.updateUser(user.id, { bannedAt: null, updatedAt: core.now() });
  return { success: true as const };
}

export async function adminSetUserRole(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"admin_set_user_role">,
) {
  const p = await requireAdmin(core, ctx);
  const user = await targetUser(core, p, input.user_id);
  const updated = await core.storage.updateUser(user.id, { role: input.role, updatedAt: core.now() });
  if (!updated) throw new LairError("user_not_found");
  return { user: wireUser(updated) };
}

export async function adminDeleteRoom(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"admin_delete_room">,
) {
  const p = await requireAdmin(core, ctx);
  const room = await getRoomOr404(core, input.room_id);
  await removeRoom(core, p, room, input.reason ?? null);
  return { success: true as const };
}

export async function adminRevokeSession(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"admin_revoke_session">,
) {
  await requireAdmin(core, ctx);
  if (input.session_id) {
    const session = await core.storage.getSession(input.session_id);
    if (!session) throw new LairError("not_found", { message: "Session not found" });
    const live = session.revokedAt === null;
    if (live) await revokeSessions(core, [session.id], "admin");
    return { success: true as const, revoked_sessions: live ? 1 : 0 };
  }
  const user = await core.storage.getUser(input.user_id ?? "");
  if (!user) throw new LairError("user_not_found");
  const revoked = await core.storage.revokeUserSessions(user.id, core.now(), "admin");
  core.router.revokeSessions(revoked, "session_not_found", "Session revoked by an administrator");
  return { success: true as const, revoked_sessions: revoked.length };
}
