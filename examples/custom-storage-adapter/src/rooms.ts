/** Rooms, memberships and room bans over the tables (docs/storage-adapters.md › Rooms, Memberships). */
import { LairError } from "@lair-chat/protocol";
import type {
  ListRoomsQuery,
  MembershipRecord,
  MemberWithUser,
  Page,
  PageQuery,
  RoomRecord,
  RoomRole,
} from "@lair-chat/server";
import { copy, page, pairKey, type Tables } from "./tables.ts";
import { compare, definedOnly } from "./users.ts";

const isMember = (t: Tables, roomId: string, userId: string) => t.memberships.has(pairKey(roomId, userId));

function assertNameFree(t: Tables, name: string, selfId: string | null): void {
  const wanted = name.toLowerCase();
  for (const r of t.rooms.values()) {
    if (r.id !== selfId && r.deletedAt === null && r.name.toLowerCase() === wanted) {
      throw new LairError("room_name_taken");
    }
  }
}

export function createRoom(t: Tables, room: RoomRecord, owner: MembershipRecord): void {
  assertNameFree(t, room.name, null);
  t.rooms.set(room.id, copy(room));
  t.memberships.set(pairKey(owner.roomId, owner.userId), copy(owner));
}

export function liveRoom(t: Tables, id: string): RoomRecord | null {
  const r = t.rooms.get(id);
  return r && r.deletedAt === null ? r : null;
}

export function updateRoom(
  t: Tables,
  id: string,
  patch: Partial<Omit<RoomRecord, "id" | "createdAt">>,
): RoomRecord | null {
  const current = liveRoom(t, id);
  if (!current) return null;
  const next = { ...current, ...definedOnly(patch) };
  assertNameFree(t, next.name, id);
  t.rooms.set(id, next);
  return copy(next);
}

export function deleteRoom(t: Tables, id: string, at: number): boolean {
  const room = liveRoom(t, id);
  if (!room) return false;
  t.rooms.set(id, { ...room, deletedAt: at });
  for (const [key, m] of t.memberships) if (m.roomId === id) t.memberships.delete(key);
  for (const [key, inv] of t.invitations) {
    if (inv.roomId === id && inv.status === "pending") t.invitations.delete(key);
  }
  return true;
}

export function listRooms(t: Tables, q: ListRoomsQuery): Page<RoomRecord> {
  const search = q.search?.toLowerCase();
  const rows = [...t.rooms.values()]
    .filter((r) => r.deletedAt === null)
    .filter((r) => search === undefined || r.name.toLowerCase().includes(search))
    .filter((r) => !q.publicOnly || !r.isPrivate)
    .filter((r) => q.memberId === undefined || isMember(t, r.id, q.memberId))
    .filter((r) => q.visibleTo === undefined || !r.isPrivate || isMember(t, r.id, q.visibleTo))
    .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id))
    .map(copy);
  return page(rows, q.limit, q.offset);
}

export function addMember(t: Tables, member: MembershipRecord, defaultMaxMembers: number): void {
  const room = liveRoom(t, member.roomId);
  if (!room) throw new LairError("room_not_found");
  if (isMember(t, member.roomId, member.userId)) throw new LairError("already_member");
  const cap = room.maxMembers ?? defaultMaxMembers;
  if (membersOf(t, member.roomId).length >= cap) throw new LairError("room_full");
  t.memberships.set(pairKey(member.roomId, member.userId), copy(member));
}

export function setMemberRole(
  t: Tables,
  roomId: string,
  userId: string,
  role: RoomRole,
): MembershipRecord | null {
  const m = t.memberships.get(pairKey(roomId, userId));
  if (!m) return null;
  const next = { ...m, role };
  t.memberships.set(pairKey(roomId, userId), next);
  return copy(next);
}

export function membersOf(t: Tables, roomId: string): MembershipRecord[] {
  return [...t.memberships.values()].filter((m) => m.roomId === roomId);
}

export function listMembers(t: Tables, roomId: string, q: PageQuery): Page<MemberWithUser> {
  const rank = (m: MembershipRecord) => (m.role === "owner" ? 0 : 1);
  const rows = membersOf(t, roomId)
    .sort((a, b) => rank(a) - rank(b) || compare(a.joinedAt, b.joinedAt) || compare(a.userId, b.userId))
    .map((m) => ({ ...m, username: t.users.get(m.userId)?.username ?? "" }));
  return page(rows, q.limit, q.offset);
}

export function listMembershipsOf(t: Tables, userId: string): MembershipRecord[] {
  return [...t.memberships.values()]
    .filter((m) => m.userId === userId && liveRoom(t, m.roomId) !== null)
    .map(copy);
}
