/**
 * invite_to_room, list_invitations, accept_invitation, decline_invitation, cancel_invitation.
 * Only members invite; a private room's invitations come from its owners and moderators.
 * A used or expired invitation answers 409 `invitation_expired` (PROTOCOL.md).
 */
import { LairError, roomConversationKey } from "@lair-chat/protocol";
import type { InvitationRecord } from "../storage/records.ts";
import { getActiveUserOr404, isAdmin, principalOf, rank } from "./access.ts";
import type { CommandInput } from "./command-inputs.ts";
import type { CallContext, Principal } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { createEvent } from "./lair-event.ts";
import { announceJoin, moderatorOf } from "./room-commands.ts";
import { wireInvitation, wireMembership, wireRoom } from "./wire.ts";

async function enrich(core: EngineCore, inv: InvitationRecord) {
  const [room, users] = await Promise.all([
    core.storage.getRoom(inv.roomId),
    core.storage.getUsers([inv.inviterId, inv.inviteeId]),
  ]);
  const name = (id: string) => users.find((u) => u.id === id)?.username ?? "";
  return wireInvitation(inv, {
    roomName: room?.name ?? "",
    inviterName: name(inv.inviterId),
    inviteeName: name(inv.inviteeId),
  });
}

export async function inviteToRoom(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"invite_to_room">,
) {
  const p = principalOf(ctx);
  const { room, rank: r } = await moderatorOf(core, p, input.room_id);
  if (room.isPrivate && r < 1) throw new LairError("permission_denied");
  const invitee = await getActiveUserOr404(core, input.user_id);
  if (await core.storage.getMembership(room.id, invitee.id)) throw new LairError("already_member");
  if (await core.storage.getRoomBan(room.id, invitee.id)) throw new LairError("user_banned_from_room");
  const now = core.now();
  const inv: InvitationRecord = {
    id: core.newId(),
    roomId: room.id,
    inviterId: p.userId,
    inviteeId: invitee.id,
    status: "pending",
    message: input.message ?? null,
    createdAt: now,
    respondedAt: null,
    expiresAt: now + core.options.invitationTtlMs,
  };
  await core.storage.createInvitation(inv);
  const invitation = await enrich(core, inv);
  core.router.publish(createEvent("invitation_received", { invitation }, now), [invitee.id]);
  return { invitation };
}

/** Expire stale invitations and tell their invitees (run on listing and periodically). */
export async function sweepExpiredInvitations(core: EngineCore): Promise<void> {
  const now = core.now();
  for (const inv of await core.storage.expireInvitations(now)) {
    const body = { invitation_id: inv.id, room_id: inv.roomId, reason: "expired" };
    core.router.publish(createEvent("invitation_cancelled", body, now), [inv.inviteeId]);
  }
}

export async function listInvitations(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"list_invitations">,
) {
  const p = principalOf(ctx);
  await sweepExpiredInvitations(core);
  const all = await core.storage.listInvitations({ inviteeId: p.userId, status: "pending" });
  const page = all.slice(input.offset, input.offset + input.limit);
  return {
    invitations: await Promise.all(page.map((i) => enrich(core, i))),
    has_more: input.offset + page.length < all.length,
  };
}

/** The caller's own pending, unexpired invitation, or the right refusal. */
async function ownPending(core: EngineCore, p: Principal, invitationId: string): Promise<InvitationRecord> {
  const inv = await core.storage.getInvitation(invitationId);
  if (!inv) throw new LairError("invitation_not_found");
  if (inv.inviteeId !== p.userId) throw new LairError("not_invitee");
  if (inv.status !== "pending") throw new LairError("invitation_expired");
  if (inv.expiresAt <= core.now()) {
    await core.storage.resolveInvitation(inv.id, "expired", core.now());
    throw new LairError("invitation_expired");
  }
  return inv;
}

export async function acceptInvitation(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"accept_invitation">,
) {
  const p = principalOf(ctx);
  const inv = await ownPending(core, p, input.invitation_id);
  const room = await core.storage.getRoom(inv.roomId);
  if (!room) throw new LairError("invitation_expired");
  if (await core.storage.getRoomBan(room.id, p.userId)) throw new LairError("user_banned_from_room");
  return core.queue.run(roomConversationKey(room.id), async () => {
    const membership = { roomId: room.id, userId: p.userId, role: "member" as const, joinedAt: core.now() };
    await core.storage
      .addMember(membership, core.options.defaultMaxMembers)
      .finally(() => core.rooms.changed(room.id));
    // Compare-and-set after joining: if the invitation was cancelled meanwhile, undo the join.
    if (!(await core.storage.resolveInvitation(inv.id, "accepted", core.now()))) {
      await core.storage.removeMember(room.id, p.userId).finally(() => core.rooms.changed(room.id));
      throw new LairError("invitation_expired");
    }
    await announceJoin(core, p, room.id, membership);
    return { room: wireRoom(room), membership: wireMembership(membership) };
  });
}

export async function declineInvitation(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"decline_invitation">,
) {
  const p = principalOf(ctx);
  const inv = await ownPending(core, p, input.invitation_id);
  if (!(await core.storage.resolveInvitation(inv.id, "declined", core.now())))
    throw new LairError("invitation_expired");
  return { success: true as const };
}

/** The inviter, the room's owners and moderators, and admins may cancel. */
export async function cancelInvitation(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"cancel_invitation">,
) {
  const p = principalOf(ctx);
  const inv = await core.storage.getInvitation(input.invitation_id);
  if (!inv) throw new LairError("invitation_not_found");
  let allowed = inv.inviterId === p.userId || isAdmin(p);
  if (!allowed) {
    const m = await core.storage.getMembership(inv.roomId, p.userId);
    allowed = m !== null && rank(m.role) >= 1;
  }
  if (!allowed) {
    // The invitee and outsiders learn nothing more than that they may not.
    if (inv.inviteeId === p.userId) throw new LairError("permission_denied");
    throw new LairError("invitation_not_found");
  }
  if (inv.status !== "pending") throw new LairError("invitation_expired");
  const now = core.now();
  if (!(await core.storage.resolveInvitation(inv.id, "cancelled", now)))
    throw new LairError("invitation_expired");
  const body = { invitation_id: inv.id, room_id: inv.roomId, reason: "cancelled_by_inviter" };
  core.router.publish(createEvent("invitation_cancelled", body, now), [inv.inviteeId]);
  return { success: true as const };
}
