/**
 * Rooms, memberships and bans of the memory adapter. Synchronous on purpose: see
 * memory-accounts.ts.
 */

import { LairError } from "@lair-chat/protocol";
import type {
  ListRoomsQuery,
  MembershipRecord,
  MemberWithUser,
  Page,
  PageQuery,
  RoomBanRecord,
  RoomRecord,
  RoomRole,
  UserRecord,
} from "@lair-chat/server";
import { getOrCreate } from "./get-or-create.ts";
import { compareStrings, definedOnly, fold } from "./memory-accounts.ts";
import { page } from "./paging.ts";

type RoomPatch = Partial<Omit<RoomRecord, "id" | "createdAt">>;

export class MemoryRooms {
  readonly rooms = new Map<string, RoomRecord>();
  /** Folded name → id, live rooms only: a deleted room frees its name. */
  readonly #byName = new Map<string, string>();
  /** roomId → userId → membership. */
  readonly #members = new Map<string, Map<string, MembershipRecord>>();
  /** userId → roomIds. */
  readonly #roomsOf = new Map<string, Set<string>>();
  /** roomId → userId → ban. */
  readonly #bans = new Map<string, Map<string, RoomBanRecord>>();
  readonly #users: ReadonlyMap<string, UserRecord>;

  constructor(users: ReadonlyMap<string, UserRecord>) {
    this.#users = users;
  }

  createRoom(room: RoomRecord, owner: MembershipRecord): void {
    if (this.rooms.has(room.id)) throw new LairError("conflict", { message: "Room id already exists" });
    if (owner.roomId !== room.id) throw new RangeError("owner.roomId must equal room.id");
    if (room.deletedAt === null) this.#claimName(room.id, room.name);
    this.rooms.set(room.id, { ...room });
    this.#members.set(room.id, new Map());
    this.#putMember(owner);
  }

  getRoom(id: string): RoomRecord | null {
    const room = this.#live(id);
    return room ? { ...room } : null;
  }

  updateRoom(id: string, patch: RoomPatch): RoomRecord | null {
    const room = this.#live(id);
    if (!room) return null;
    const next: RoomRecord = { ...room, ...definedOnly(patch), id: room.id, createdAt: room.createdAt };
    if (next.deletedAt === null) this.#claimName(id, next.name);
    if (this.#byName.get(fold(room.name)) === id && fold(room.name) !== fold(next.name)) {
      this.#byName.delete(fold(room.name));
    }
    if (next.deletedAt !== null) this.#byName.delete(fold(next.name));
    this.rooms.set(id, next);
    return { ...next };
  }

  /** Soft-delete and drop memberships; the caller removes pending invitations. */
  deleteRoom(id: string, at: number): boolean {
    const room = this.#live(id);
    if (!room) return false;
    room.deletedAt = at;
    room.updatedAt = at;
    this.#byName.delete(fold(room.name));
    for (const userId of this.#members.get(id)?.keys() ?? []) this.#roomsOf.get(userId)?.delete(id);
    this.#members.set(id, new Map());
    return true;
  }

  listRooms(query: ListRoomsQuery): Page<RoomRecord> {
    const search = query.search === undefined ? undefined : fold(query.search);
    const rows = Array.from(this.rooms.values()).filter((room) => {
      if (room.deletedAt !== null) return false;
      if (query.publicOnly && room.isPrivate) return false;
      if (search !== undefined && !fold(room.name).includes(search)) return false;
      const members = this.#members.get(room.id);
      if (query.memberId !== undefined && !members?.has(query.memberId)) return false;
      if (query.visibleTo !== undefined && room.isPrivate && !members?.has(query.visibleTo)) return false;
      return true;
    });
    rows.sort((a, b) => a.createdAt - b.createdAt || compareStrings(a.id, b.id));
    return page(rows, query);
  }

  addMember(member: MembershipRecord, defaultMaxMembers: number): void {
    const room = this.#live(member.roomId);
    if (!room) throw new LairError("room_not_found");
    const members = this.#members.get(room.id)!;
    if (members.has(member.userId)) throw new LairError("already_member");
    if (members.size >= (room.maxMembers ?? defaultMaxMembers)) throw new LairError("room_full");
    this.#putMember(member);
  }

  getMembership(roomId: string, userId: string): MembershipRecord | null {
    const member = this.#members.get(roomId)?.get(userId);
    return member ? { ...member } : null;
  }

  removeMember(roomId: string, userId: string): boolean {
    const removed = this.#members.get(roomId)?.delete(userId) ?? false;
    if (removed) this.#roomsOf.get(userId)?.delete(roomId);
    return removed;
  }

  setMemberRole(roomId: string, userId: string, role: RoomRole): MembershipRecord | null {
    const member = this.#members.get(roomId)?.get(userId);
    if (!member) return null;
    member.role = role;
    return { ...member };
  }

  listMembers(roomId: string, query: PageQuery): Page<MemberWithUser> {
    const rows = Array.from(this.#members.get(roomId)?.values() ?? [], (m) => ({
      ...m,
      username: this.#users.get(m.userId)?.username ?? "",
    }));
    rows.sort(
      (a, b) =>
        Number(b.role === "owner") - Number(a.role === "owner") ||
        a.joinedAt - b.joinedAt ||
        compareStrings(a.userId, b.userId),
    );
    return page(rows, query);
  }

  listMemberIds(roomId: string): string[] {
    return Array.from(this.#members.get(roomId)?.keys() ?? []);
  }

  listMembershipsOf(userId: string): MembershipRecord[] {
    return Array.from(this.#roomsOf.get(userId) ?? []).flatMap((roomId) => {
      const member = this.#live(roomId) && this.#members.get(roomId)?.get(userId);
      return member ? [{ ...member }] : [];
    });
  }

  addRoomBan(ban: RoomBanRecord): void {
    const bans = getOrCreate(this.#bans, ban.roomId, () => new Map<string, RoomBanRecord>());
    if (!bans.has(ban.userId)) bans.set(ban.userId, { ...ban });
  }

  removeRoomBan(roomId: string, userId: string): boolean {
    return this.#bans.get(roomId)?.delete(userId) ?? false;
  }

  getRoomBan(roomId: string, userId: string): RoomBanRecord | null {
    const ban = this.#bans.get(roomId)?.get(userId);
    return ban ? { ...ban } : null;
  }

  /** Live (not deleted) rooms; memberships and bans are counted through them. */
  countLive(): number {
    let n = 0;
    for (const room of this.rooms.values()) if (room.deletedAt === null) n++;
    return n;
  }

  #live(id: string): RoomRecord | undefined {
    const room = this.rooms.get(id);
    return room && room.deletedAt === null ? room : undefined;
  }

  #claimName(id: string, name: string): void {
    const holder = this.#byName.get(fold(name));
    if (holder !== undefined && holder !== id) throw new LairError("room_name_taken");
    this.#byName.set(fold(name), id);
  }

  #putMember(member: MembershipRecord): void {
    this.#members.get(member.roomId)!.set(member.userId, { ...member });
    getOrCreate(this.#roomsOf, member.userId, () => new Set<string>()).add(member.roomId);
  }
}
