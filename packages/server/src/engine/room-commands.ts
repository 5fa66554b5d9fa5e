/** create_room, list_rooms, get_room, update_room, delete_room, join_room, leave_room. */
import { LairError, roomConversationKey } from "@lair-chat/protocol";
import type { MembershipRecord, RoomRecord } from "../storage/records.ts";
import { getRoomOr404, isAdmin, principalOf, rank, requireMember } from "./access.ts";
import type { CommandInput } from "./command-inputs.ts";
import type { CallContext, Principal } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { createEvent } from "./lair-event.ts";
import { userSeenBy } from "./user-commands.ts";
import { wireMembership, wireRoom } from "./wire.ts";

/** Members of a room (for event audiences). */
export function memberIds(core: EngineCore, roomId: string): Promise<string[]> {
  return core.storage.listMemberIds(roomId);
}

/** Emit an event to a room's current members plus `extra`, minus `exclude`. */
export async function emitToRoom(
  core: EngineCore,
  roomId: string,
  type: string,
  body: Record<string, unknown>,
  options: { extra?: string[]; exclude?: string } = {},
): Promise<void> {
  const ids = new Set(await memberIds(core, roomId));
  for (const id of options.extra ?? []) ids.add(id);
  if (options.exclude) ids.delete(options.exclude);
  core.router.publish(createEvent(type, body, core.now()), ids);
}

async function memberCount(core: EngineCore, roomId: string): Promise<number> {
  return (await core.storage.listMembers(roomId, { limit: 1, offset: 0 })).total;
}

/** Owners of a room, counting at most two (owners are listed first). */
export async function ownerCount(core: EngineCore, roomId: string): Promise<number> {
  const page = await core.storage.listMembers(roomId, { limit: 2, offset: 0 });
  return page.items.filter((m) => m.role === "owner").length;
}

export async function createRoom(core: EngineCore, ctx: CallContext, input: CommandInput<"create_room">) {
  const p = principalOf(ctx);
  const now = core.now();
  const room: RoomRecord = {
    id: core.newId(),
    name: input.name,
    description: input.description ?? null,
    ownerId: p.userId,
    isPrivate: input.settings?.public === false,
    maxMembers: input.settings?.max_members ?? input.max_members ?? null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
  await core.storage
    .createRoom(room, { roomId: room.id, userId: p.userId, role: "owner", joinedAt: now })
    .finally(() => core.rooms.changed(room.id));
  return { room: wireRoom(room) };
}

export async function listRooms(core: EngineCore, ctx: CallContext, input: CommandInput<"list_rooms">) {
  const p = principalOf(ctx);
  const page = await core.storage.listRooms({
    limit: input.limit,
    offset: input.offset,
    ...(input.search ? { search: input.search } : {}),
    ...(isAdmin(p) ? {} : { visibleTo: p.userId }),
    ...(input.joined_only ? { memberId: p.userId } : {}),
    publicOnly: input.public_only,
  });
  const rooms = await Promise.all(
    page.items.map(async (room) => ({
      room: wireRoom(room),
      member_count: await memberCount(core, room.id),
      is_member: (await core.storage.getMembership(room.id, p.userId)) !== null,
    })),
  );
  return { rooms, has_more: input.offset + page.items.length < page.total, total_count: page.total };
}

export async function getRoom(core: EngineCore, ctx: CallContext, input: CommandInput<"get_room">) {
  const p = principalOf(ctx);
  const room = await getRoomOr404(core, input.room_id);
  const membership = await core.storage.getMembership(room.id, p.userId);
  // Private rooms do not exist for outsiders.
  if (room.isPrivate && !membership && !isAdmin(p)) throw new LairError("room_not_found");
  return {
    room: wireRoom(room),
    membership: membership ? wireMembership(membership) : null,
    member_count: await memberCount(core, room.id),
  };
}

/** The caller's standing in a room for moderation: admins act as owners everywhere. */
export async function moderatorOf(
  core: EngineCore,
  p: Principal,
  roomId: string,
): Promise<{ room: RoomRecord; membership: MembershipRecord | null; rank: number }> {
  if (isAdmin(p)) {
    const room = await getRoomOr404(core, roomId);
    return { room, membership: await core.storage.getMembership(roomId, p.userId), rank: 3 };
  }
  const { room, membership } = await requireMember(core, roomId, p.userId);
  return { room, membership, rank: rank(membership.role) };
}

export async function updateRoom(core: EngineCore, ctx: CallContext, input: CommandInput<"update_room">) {
  const p = principalOf(ctx);
  const { room, rank: r } = await moderatorOf(core, p, input.room_id);
  if (r < 1) throw new LairError("permission_denied");
  const patch: Partial<RoomRecord> = { updatedAt: core.now() };
  if (input.name != null) patch.name = input.name;
  if (input.description != null) patch.description = input.description;
  if (input.settings?.public != null) patch.isPrivate = !input.settings.public;
  if (input.settings && input.settings.max_members !== undefined)
    patch.maxMembers = input.settings.max_members;
  const updated = await core.queue.run(roomConversationKey(room.id), async () => {
    const next = await core.storage.updateRoom(room.id, patch);
    if (!next) throw new LairError("room_not_found");
    const changes = roomChanges(room, next);
    await emitToRoom(core, room.id, "room_updated", { room: wireRoom(next), changed_by: p.userId, changes });
    return next;
  });
  return { room: wireRoom(updated) };
}

/** The `room_updated.changes` list (EVENTS.md "RoomUpdated"). */
function roomChanges(before: RoomRecord, after: RoomRecord) {
  const changes: Array<{
    field: string;
    old: string | number | boolean | null;
    new: string | number | boolean | null;
  }> = [];
  if (before.name !== after.name) changes.push({ field: "name", old: before.name, new: after.name });
  if (before.description !== after.description)
    changes.push({ field: "description", old: before.description, new: after.description });
  if (before.isPrivate !== after.isPrivate)
    changes.push({ field: "public", old: !before.isPrivate, new: !after.isPrivate });
  if (before.maxMembers !== after.maxMembers)
    changes.push({ field: "max_members", old: before.maxMembers, new: after.maxMembers });
  return changes;
}

/** Delete a room: members get `room_deleted` and their own `user_left_room` ("room deleted"). */
export async function removeRoom(core: EngineCore, p: Principal, room: RoomRecord, reason: string | null) {
  await core.queue.run(roomConversationKey(room.id), async () => {
    const members = await memberIds(core, room.id);
    const pending = await core.storage.listInvitations({ roomId: room.id, status: "pending" });
    const gone = await core.storage
      .deleteRoom(room.id, core.now())
      .finally(() => core.rooms.changed(room.id));
    if (!gone) throw new LairError("room_not_found");
    const now = core.now();
    const deleted: Record<string, unknown> = { room_id: room.id, room_name: room.name, deleted_by: p.userId };
    if (reason) deleted.reason = reason;
    core.router.publish(createEvent("room_deleted", deleted, now), members);
    for (const id of members) {
      const body = { room_id: room.id, user_id: id, reason: "room deleted" };
      core.router.publish(createEvent("user_left_room", body, now), [id]);
    }
    for (const inv of pending) {
      const body = { invitation_id: inv.id, room_id: room.id, reason: "room_deleted" };
      core.router.publish(createEvent("invitation_cancelled", body, now), [inv.inviteeId]);
    }
  });
  // The messages stay in storage but nobody may fetch their files any more. The collector does not
  // see these (their messages are not deleted), so a failure here is only logged.
  await core.attachments
    ?.deleteForConversation(roomConversationKey(room.id))
    .catch((error: unknown) =>
      core.logger.warn({ err: error, room_id: room.id }, "deleting room attachments failed"),
    );
}

export async function deleteRoom(core: EngineCore, ctx: CallContext, input: CommandInput<"delete_room">) {
  const p = principalOf(ctx);
  const { room, rank: r } = await moderatorOf(core, p, input.room_id);
  if (r < 2) throw new LairError("permission_denied");
  await removeRoom(core, p, room, null);
  return { success: true as const };
}

export async function joinRoom(core: EngineCore, ctx: CallContext, input: CommandInput<"join_room">) {
  const p = principalOf(ctx);
  const room = await getRoomOr404(core, input.room_id);
  if (await core.storage.getMembership(room.id, p.userId)) throw new LairError("already_member");
  const invitation = room.isPrivate
    ? (await core.storage.listInvitations({ roomId: room.id, inviteeId: p.userId, status: "pending" })).find(
        (i) => i.expiresAt > core.now(),
      )
    : undefined;
  // A private room without an invitation is indistinguishable from no room at all.
  if (room.isPrivate && !invitation) throw new LairError("room_not_found");
  if (await core.storage.getRoomBan(room.id, p.userId)) throw new LairError("user_banned_from_room");
  return core.queue.run(roomConversationKey(room.id), async () => {
    const membership: MembershipRecord = {
      roomId: room.id,
      userId: p.userId,
      role: "member",
      joinedAt: core.now(),
    };
    await core.storage
      .addMember(membership, core.options.defaultMaxMembers)
      .finally(() => core.rooms.changed(room.id));
    if (invitation) await core.storage.resolveInvitation(invitation.id, "accepted", core.now());
    await announceJoin(core, p, room.id, membership);
    return { room: wireRoom(room), membership: wireMembership(membership) };
  });
}

/** `user_joined_room` to every member, the newcomer included. */
export async function announceJoin(
  core: EngineCore,
  p: Principal,
  roomId: string,
  membership: MembershipRecord,
) {
  const user = await core.storage.getUser(p.userId);
  if (!user) return;
  const ids = await memberIds(core, roomId);
  const body = {
    room_id: roomId,
    user: { ...userSeenBy(user, p), email: "" },
    membership: wireMembership(membership),
  };
  core.router.publish(createEvent("user_joined_room", body, core.now()), ids);
}

export async function leaveRoom(core: EngineCore, ctx: CallContext, input: CommandInput<"leave_room">) {
  const p = principalOf(ctx);
  const { room, membership } = await requireMember(core, input.room_id, p.userId);
  await core.queue.run(roomConversationKey(room.id), async () => {
    if (membership.role === "owner" && (await ownerCount(core, room.id)) <= 1)
      throw new LairError("last_owner");
    const removed = await core.storage
      .removeMember(room.id, p.userId)
      .finally(() => core.rooms.changed(room.id));
    if (!removed) throw new LairError("not_room_member");
    await emitToRoom(core, room.id, "user_left_room", {
      room_id: room.id,
      user_id: p.userId,
      reason: "left",
    });
  });
  return { success: true as const };
}
