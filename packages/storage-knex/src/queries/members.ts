/** Memberships and room bans. Capacity is checked under a lock on the room row. */

import { LairError } from "@lair-chat/protocol";
import type {
  MembershipRecord,
  MemberWithUser,
  Page,
  PageQuery,
  RoomBanRecord,
  RoomRole,
} from "@lair-chat/server";
import type { QueryContext } from "../context.ts";
import { num, numOrNull, type Row, toMembership, toRoomBan } from "../rows.ts";

export async function addMember(
  ctx: QueryContext,
  member: MembershipRecord,
  defaultMaxMembers: number,
): Promise<void> {
  const { t } = ctx;
  await ctx.write(async (trx) => {
    // FOR UPDATE serialises joins per room on Postgres; SQLite already holds the write lock.
    const roomQuery = trx(t.rooms).where({ id: member.roomId }).whereNull("deleted_at").first("max_members");
    const room: Row | undefined = await (ctx.dialect === "postgres" ? roomQuery.forUpdate() : roomQuery);
    if (!room) throw new LairError("room_not_found");
    const existing = await trx(t.memberships)
      .where({ room_id: member.roomId, user_id: member.userId })
      .first("role");
    if (existing) throw new LairError("already_member");
    const count = await trx(t.memberships).where({ room_id: member.roomId }).count({ n: "*" }).first();
    const cap = numOrNull(room.max_members) ?? defaultMaxMembers;
    if (num(count?.n ?? 0) >= cap) throw new LairError("room_full");
    await trx(t.memberships).insert({
      room_id: member.roomId,
      user_id: member.userId,
      role: member.role,
      joined_at: member.joinedAt,
    });
  });
}

export async function getMembership(
  { knex, t }: QueryContext,
  roomId: string,
  userId: string,
): Promise<MembershipRecord | null> {
  const row = await knex(t.memberships).where({ room_id: roomId, user_id: userId }).first();
  return row ? toMembership(row) : null;
}

export async function removeMember(
  { knex, t }: QueryContext,
  roomId: string,
  userId: string,
): Promise<boolean> {
  return (await knex(t.memberships).where({ room_id: roomId, user_id: userId }).delete()) > 0;
}

export async function setMemberRole(
  ctx: QueryContext,
  roomId: string,
  userId: string,
  role: RoomRole,
): Promise<MembershipRecord | null> {
  return ctx.write(async (trx) => {
    const changed = await trx(ctx.t.memberships).where({ room_id: roomId, user_id: userId }).update({ role });
    if (changed === 0) return null;
    const row = await trx(ctx.t.memberships).where({ room_id: roomId, user_id: userId }).first();
    return row ? toMembership(row) : null;
  });
}

export async function listMembers(
  { knex, t }: QueryContext,
  roomId: string,
  page: PageQuery,
): Promise<Page<MemberWithUser>> {
  const rowsQuery = knex({ m: t.memberships })
    .join({ u: t.users }, "u.id", "m.user_id")
    .where("m.room_id", roomId)
    .select("m.*", "u.username")
    .orderByRaw("CASE WHEN m.role = 'owner' THEN 0 ELSE 1 END")
    .orderBy([{ column: "m.joined_at" }, { column: "m.user_id" }])
    .limit(page.limit)
    .offset(page.offset);
  const [rows, count] = await Promise.all([
    rowsQuery,
    knex(t.memberships).where({ room_id: roomId }).count({ n: "*" }).first(),
  ]);
  const items = rows.map((r: Row) => ({ ...toMembership(r), username: String(r.username) }));
  return { items, total: num(count?.n ?? 0) };
}

export async function listMemberIds({ knex, t }: QueryContext, roomId: string): Promise<string[]> {
  const rows: Row[] = await knex(t.memberships).where({ room_id: roomId }).select("user_id");
  return rows.map((r) => String(r.user_id));
}

export async function listMembershipsOf(
  { knex, t }: QueryContext,
  userId: string,
): Promise<MembershipRecord[]> {
  const rows: Row[] = await knex({ m: t.memberships })
    .join({ r: t.rooms }, "r.id", "m.room_id")
    .where("m.user_id", userId)
    .whereNull("r.deleted_at")
    .orderBy([{ column: "m.joined_at" }, { column: "m.room_id" }])
    .select("m.*");
  return rows.map(toMembership);
}

export async function addRoomBan({ knex, t }: QueryContext, ban: RoomBanRecord): Promise<void> {
  await knex(t.roomBans)
    .insert({
      room_id: ban.roomId,
      user_id: ban.userId,
      banned_by: ban.bannedBy,
      reason: ban.reason,
      created_at: ban.createdAt,
    })
    .onConflict(["room_id", "user_id"])
    .ignore();
}

export async function removeRoomBan(
  { knex, t }: QueryContext,
  roomId: string,
  userId: string,
): Promise<boolean> {
  return (await knex(t.roomBans).where({ room_id: roomId, user_id: userId }).delete()) > 0;
}

export async function getRoomBan(
  { knex, t }: QueryContext,
  roomId: string,
  userId: string,
): Promise<RoomBanRecord | null> {
  const row = await knex(t.roomBans).where({ room_id: roomId, user_id: userId }).first();
  return row ? toRoomBan(row) : null;
}
