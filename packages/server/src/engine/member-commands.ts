/**
 * list_members, set_member_role, kick_member, ban_member, unban_member (Lair room_members.rs:
 * owners change roles and kick anyone but the last owner; moderators kick plain members only;
 * admins act as owners).
 */
import { LairError, roomConversationKey } from "@lair-chat/protocol";
import { isAdmin, principalOf, rank, requireMember } from "./access.ts";
import type { CommandInput } from "./command-inputs.ts";
import type { CallContext } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { emitToRoom, moderatorOf, ownerCount } from "./room-commands.ts";
import { wireMember } from "./wire.ts";

export async function listMembers(core: EngineCore, ctx: CallContext, input: CommandInput<"list_members">) {
  const p = principalOf(ctx);
  if (!isAdmin(p)) await requireMember(core, input.room_id, p.userId);
  else await moderatorOf(core, p, input.room_id);
  const page = await core.storage.listMembers(input.room_id, { limit: input.limit, offset: input.offset });
  return {
    members: page.items.map((m) => wireMember(m, core.presence.isOnline(m.userId))),
    total: page.total,
  };
}

export async function setMemberRole(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"set_member_role">,
) {
  const p = principalOf(ctx);
  const { room, rank: r } = await moderatorOf(core, p, input.room_id);
  if (r < 2) throw new LairError("permission_denied");
  return core.queue.run(roomConversationKey(room.id), async () => {
    const target = await core.storage.getMembership(room.id, input.user_id);
    if (!target)
      throw new LairError("not_room_member", { message: "That user is not a member of this room" });
    if (target.role === "owner" && input.role !== "owner" && (await ownerCount(core, room.id)) <= 1) {
      throw new LairError("last_owner");
    }
    const updated = await core.storage.setMemberRole(room.id, input.user_id, input.role);
    if (!updated) throw new LairError("not_room_member");
    const user = await core.storage.getUser(input.user_id);
    const username = user?.username ?? "";
    await emitToRoom(core, room.id, "member_role_changed", {
      room_id: room.id,
      user_id: input.user_id,
      username,
      old_role: target.role,
      new_role: updated.role,
      changed_by: p.userId,
    });
    return {
      member: wireMember({ ...updated, username }, core.presence.isOnline(input.user_id)),
    };
  });
}

/** Whether the caller (rank r) may remove a member holding `targetRole`. */
async function checkRemoval(
  core: EngineCore,
  roomId: string,
  r: number,
  targetRole: "owner" | "moderator" | "member",
) {
  if (r < 1) throw new LairError("permission_denied");
  if (r === 1 && rank(targetRole) >= 1) throw new LairError("permission_denied");
  if (targetRole === "owner" && (await ownerCount(core, roomId)) <= 1) throw new LairError("last_owner");
}

export async function kickMember(core: EngineCore, ctx: CallContext, input: CommandInput<"kick_member">) {
  const p = principalOf(ctx);
  const { room, rank: r } = await moderatorOf(core, p, input.room_id);
  if (input.user_id === p.userId)
    throw new LairError("permission_denied", { message: "Use leave to leave a room" });
  await core.queue.run(roomConversationKey(room.id), async () => {
    const target = await core.storage.getMembership(room.id, input.user_id);
    if (r < 1) throw new LairError("permission_denied");
    if (!target)
      throw new LairError("not_room_member", { message: "That user is not a member of this room" });
    await checkRemoval(core, room.id, r, target.role);
    const removed = await core.storage
      .removeMember(room.id, input.user_id)
      .finally(() => core.rooms.changed(room.id));
    if (!removed) throw new LairError("not_room_member");
    const body = { room_id: room.id, user_id: input.user_id, reason: "kicked", kicked_by: p.userId };
    await emitToRoom(core, room.id, "user_left_room", body, { extra: [input.user_id] });
  });
  return { success: true as const };
}

export async function banMember(core: EngineCore, ctx: CallContext, input: CommandInput<"ban_member">) {
  const p = principalOf(ctx);
  const { room, rank: r } = await moderatorOf(core, p, input.room_id);
  if (input.user_id === p.userId)
    throw new LairError("permission_denied", { message: "You cannot ban yourself" });
  if (r < 1) throw new LairError("permission_denied");
  const targetUser = await core.storage.getUser(input.user_id);
  if (!targetUser) throw new LairError("user_not_found");
  await core.queue.run(roomConversationKey(room.id), async () => {
    const target = await core.storage.getMembership(room.id, input.user_id);
    if (target) await checkRemoval(core, room.id, r, target.role);
    const now = core.now();
    await core.storage.addRoomBan({
      roomId: room.id,
      userId: input.user_id,
      bannedBy: p.userId,
      reason: input.reason ?? null,
      createdAt: now,
    });
    for (const inv of await core.storage.listInvitations({
      roomId: room.id,
      inviteeId: input.user_id,
      status: "pending",
    })) {
      await core.storage.resolveInvitation(inv.id, "cancelled", now);
    }
    const removed =
      target !== null &&
      (await core.storage.removeMember(room.id, input.user_id).finally(() => core.rooms.changed(room.id)));
    if (removed) {
      const body = { room_id: room.id, user_id: input.user_id, reason: "banned", banned_by: p.userId };
      await emitToRoom(core, room.id, "user_left_room", body, { extra: [input.user_id] });
    }
  });
  return { success: true as const };
}

export async function unbanMember(core: EngineCore, ctx: CallContext, input: CommandInput<"unban_member">) {
  const p = principalOf(ctx);
  const { room, rank: r } = await moderatorOf(core, p, input.room_id);
  if (r < 1) throw new LairError("permission_denied");
  if (!(await core.storage.removeRoomBan(room.id, input.user_id))) {
    throw new LairError("not_found", { message: "That user is not banned from this room" });
  }
  return { success: true as const };
}
