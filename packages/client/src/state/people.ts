/**
 * Members of the rooms the client has listed, who is online, and the usernames seen so far
 * (events often carry only ids). Part of ChatState; changes go through its `change` event.
 */
import type { RoomMember } from "@lair-chat/protocol";
import type { StateChange } from "./state-types.ts";

export class People {
  readonly #members = new Map<string, Map<string, RoomMember>>();
  readonly #online = new Set<string>();
  readonly #usernames = new Map<string, string>();
  readonly #changed: (change: StateChange) => void;

  constructor(changed: (change: StateChange) => void) {
    this.#changed = changed;
  }

  /** Members of a room (after `loadMembers`), with live presence. */
  members(roomId: string): RoomMember[] {
    return [...(this.#members.get(roomId)?.values() ?? [])].map((m) => ({
      ...m,
      is_online: this.#online.has(m.user_id),
    }));
  }

  setMembers(roomId: string, members: RoomMember[]): void {
    const map = new Map<string, RoomMember>();
    for (const member of members) {
      map.set(member.user_id, member);
      this.#usernames.set(member.user_id, member.username);
      if (member.is_online) this.#online.add(member.user_id);
    }
    this.#members.set(roomId, map);
    this.#changed({ kind: "members", roomId });
  }

  upsertMember(roomId: string, member: RoomMember): void {
    this.#usernames.set(member.user_id, member.username);
    const map = this.#members.get(roomId);
    if (!map) return;
    map.set(member.user_id, member);
    this.#changed({ kind: "members", roomId });
  }

  removeMember(roomId: string, userId: string): void {
    if (this.#members.get(roomId)?.delete(userId)) this.#changed({ kind: "members", roomId });
  }

  isOnline(userId: string): boolean {
    return this.#online.has(userId);
  }

  setOnline(userId: string, online: boolean, username?: string): void {
    if (username) this.#usernames.set(userId, username);
    if (online === this.#online.has(userId)) return;
    if (online) this.#online.add(userId);
    else this.#online.delete(userId);
    this.#changed({ kind: "presence", userId });
  }

  /** A user's name, when any event or list told us. */
  username(userId: string): string | undefined {
    return this.#usernames.get(userId);
  }

  rememberUsername(userId: string, username: string): void {
    this.#usernames.set(userId, username);
  }

  /** Forget a room's member list (the room is gone). */
  dropRoom(roomId: string): void {
    this.#members.delete(roomId);
  }

  clear(): void {
    this.#members.clear();
    this.#online.clear();
    this.#usernames.clear();
  }
}
