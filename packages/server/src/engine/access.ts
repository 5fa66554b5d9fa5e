/** Lookups with the authorization rules every room and message command shares. */
import { LairError } from "@lair-chat/protocol";
import type { MembershipRecord, RoomRecord, UserRecord } from "../storage/records.ts";
import type { CallContext, Principal } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";

export function principalOf(ctx: CallContext): Principal {
  if (!ctx.principal) throw new LairError("unauthorized");
  return ctx.principal;
}

export function isAdmin(p: Principal): boolean {
  return p.role === "admin";
}

/** The room, or 404 `room_not_found`. */
export async function getRoomOr404(core: EngineCore, roomId: string): Promise<RoomRecord> {
  const room = await core.storage.getRoom(roomId);
  if (!room) throw new LairError("room_not_found");
  return room;
}

/**
 * The room and the caller's membership; a missing room or a non-member gets 403
 * `not_room_member` (PROTOCOL.md: acting in a room you are not in, or that does not exist).
 */
export async function requireMember(
  core: EngineCore,
  roomId: string,
  userId: string,
): Promise<{ room: RoomRecord; membership: MembershipRecord }> {
  const room = await core.storage.getRoom(roomId);
  const membership = room ? await core.storage.getMembership(roomId, userId) : null;
  if (!room || !membership) throw new LairError("not_room_member");
  return { room, membership };
}

/** An active user (not deleted), or 404 `user_not_found`. */
export async function getActiveUserOr404(core: EngineCore, userId: string): Promise<UserRecord> {
  const user = await core.storage.getUser(userId);
  if (!user || user.deletedAt !== null) throw new LairError("user_not_found");
  return user;
}

/** Room moderation rank: owner 2, moderator 1, member 0. */
export function rank(role: MembershipRecord["role"]): number {
  return role === "owner" ? 2 : role === "moderator" ? 1 : 0;
}
