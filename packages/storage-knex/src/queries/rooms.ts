/** Rooms: soft delete; names unique case-insensitively among live rooms (partial index). */
import type { ListRoomsQuery, MembershipRecord, Page, RoomRecord } from "@lair-chat/server";
import { likeContains, type QueryContext } from "../context.ts";
import { fromRoom, num, patchColumns, toRoom } from "../rows.ts";

const ROOM_COLUMNS: Record<string, string> = {
  name: "name",
  description: "description",
  ownerId: "owner_id",
  isPrivate: "is_private",
  maxMembers: "max_members",
  updatedAt: "updated_at",
  deletedAt: "deleted_at",
};

export async function createRoom(
  ctx: QueryContext,
  room: RoomRecord,
  owner: MembershipRecord,
): Promise<void> {
  await ctx.write(async (trx) => {
    await trx(ctx.t.rooms).insert(fromRoom(room));
    await trx(ctx.t.memberships).insert({
      room_id: owner.roomId,
      user_id: owner.userId,
      role: owner.role,
      joined_at: owner.joinedAt,
    });
  });
}

export async function getRoom({ knex, t }: QueryContext, id: string): Promise<RoomRecord | null> {
  const row = await knex(t.rooms).where({ id }).whereNull("deleted_at").first();
  return row ? toRoom(row) : null;
}

export async function updateRoom(
  ctx: QueryContext,
  id: string,
  patch: Partial<Omit<RoomRecord, "id" | "createdAt">>,
): Promise<RoomRecord | null> {
  const columns = patchColumns(patch, ROOM_COLUMNS);
  if (patch.name !== undefined) columns.name_lower = patch.name.toLowerCase();
  return ctx.write(async (trx) => {
    const live = trx(ctx.t.rooms).where({ id }).whereNull("deleted_at");
    if (Object.keys(columns).length > 0) {
      const changed = await live.clone().update(columns);
      if (changed === 0) return null;
    }
    // A patch may itself set deletedAt; the record is still returned as updated.
    const row = await trx(ctx.t.rooms).where({ id }).first();
    return row ? toRoom(row) : null;
  });
}

export async function deleteRoom(ctx: QueryContext, id: string, at: number): Promise<boolean> {
  const { t } = ctx;
  return ctx.write(async (trx) => {
    const changed = await trx(t.rooms)
      .where({ id })
      .whereNull("deleted_at")
      .update({ deleted_at: at, updated_at: at });
    if (changed === 0) return false;
    await trx(t.memberships).where({ room_id: id }).delete();
    await trx(t.invitations).where({ room_id: id, status: "pending" }).delete();
    return true;
  });
}

export async function listRooms({ knex, t }: QueryContext, query: ListRoomsQuery): Promise<Page<RoomRecord>> {
  const base = knex(t.rooms)
    .whereNull("deleted_at")
    .where((q) => {
      if (query.search) q.whereRaw("name_lower LIKE ? ESCAPE '\\'", [likeContains(query.search)]);
      if (query.publicOnly) q.where({ is_private: false });
      if (query.memberId !== undefined) {
        q.whereIn("id", knex(t.memberships).select("room_id").where({ user_id: query.memberId }));
      }
      if (query.visibleTo !== undefined) {
        const mine = knex(t.memberships).select("room_id").where({ user_id: query.visibleTo });
        q.where((v) => v.where({ is_private: false }).orWhereIn("id", mine));
      }
    });
  const [rows, count] = await Promise.all([
    base
      .clone()
      .orderBy([{ column: "created_at" }, { column: "id" }])
      .limit(query.limit)
      .offset(query.offset),
    base.clone().count({ n: "*" }).first(),
  ]);
  return { items: rows.map(toRoom), total: num(count?.n ?? 0) };
}
