/** get_current_user, update_profile, get_user, list_users, get_unread_counts. */
import { dmConversationKey, LairError, parseConversationKey } from "@lair-chat/protocol";
import type { UserRecord } from "../storage/records.ts";
import { getActiveUserOr404, isAdmin, principalOf } from "./access.ts";
import type { CommandInput } from "./command-inputs.ts";
import type { CallContext, Principal } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { wireUser } from "./wire.ts";

/**
 * A user as another caller sees them: without the email, which only its owner and admins see
 * (Lair HTTP.md "Get User": email is not included in other users' profiles).
 */
export function userSeenBy(u: UserRecord, viewer: Principal) {
  const wire = wireUser(u);
  return viewer.userId === u.id || isAdmin(viewer) ? wire : { ...wire, email: "" };
}

export async function unreadCounts(core: EngineCore, userId: string) {
  const [memberships, partners] = await Promise.all([
    core.storage.listMembershipsOf(userId),
    core.storage.listDmPartners(userId),
  ]);
  const keys = [
    ...memberships.map((m) => `room:${m.roomId}`),
    ...partners.map((id) => dmConversationKey(userId, id)),
  ];
  const counts = keys.length > 0 ? await core.storage.countUnread(userId, keys) : {};
  const by_room: Record<string, number> = {};
  const by_dm: Record<string, number> = {};
  let total = 0;
  for (const [key, n] of Object.entries(counts)) {
    const conv = parseConversationKey(key);
    if (!conv || n <= 0) continue;
    total += n;
    if (conv.type === "room") by_room[conv.roomId] = n;
    else by_dm[conv.userIds[0] === userId ? conv.userIds[1] : conv.userIds[0]] = n;
  }
  return { total, by_room, by_dm };
}

export async function getCurrentUser(core: EngineCore, ctx: CallContext) {
  const p = principalOf(ctx);
  const user = await core.storage.getUser(p.userId);
  if (!user) throw new LairError("session_not_found");
  return { user: wireUser(user), unread_counts: await unreadCounts(core, p.userId) };
}

export async function getUnreadCounts(core: EngineCore, ctx: CallContext) {
  return { unread_counts: await unreadCounts(core, principalOf(ctx).userId) };
}

export async function updateProfile(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"update_profile">,
) {
  const p = principalOf(ctx);
  const patch: Partial<UserRecord> = { updatedAt: core.now() };
  if (input.email) patch.email = input.email.toLowerCase();
  const user = await core.storage.updateUser(p.userId, patch);
  if (!user) throw new LairError("session_not_found");
  return { user: wireUser(user) };
}

export async function getUser(core: EngineCore, ctx: CallContext, input: CommandInput<"get_user">) {
  const p = principalOf(ctx);
  const user = await getActiveUserOr404(core, input.user_id);
  return { user: userSeenBy(user, p), online: core.presence.isOnline(user.id) };
}

export async function listUsers(core: EngineCore, ctx: CallContext, input: CommandInput<"list_users">) {
  const p = principalOf(ctx);
  const online = core.presence.onlineUserIds();
  const page = await core.storage.listUsers({
    limit: input.limit,
    offset: input.offset,
    ...(input.search ? { search: input.search } : {}),
    ...(input.online_only ? { ids: [...online] } : {}),
  });
  const has_more = input.offset + page.items.length < page.total;
  if (ctx.transport === "http") {
    return {
      users: page.items.map((u) => ({ user: userSeenBy(u, p), online: online.has(u.id) })),
      has_more,
      total_count: page.total,
    };
  }
  // Lair's real-time list_users_response: plain users plus the ids of those online.
  return {
    users: page.items.map((u) => userSeenBy(u, p)),
    online_user_ids: page.items.filter((u) => online.has(u.id)).map((u) => u.id),
    has_more,
    total_count: page.total,
  };
}
