/**
 * Users and sessions of the memory adapter. Methods are synchronous so each storage call is
 * atomic: nothing else runs between its checks and its writes.
 */

import { LairError } from "@lair-chat/protocol";
import type { ListUsersQuery, Page, SessionRecord, UserRecord } from "@lair-chat/server";
import { getOrCreate } from "./get-or-create.ts";
import { page } from "./paging.ts";

type UserPatch = Partial<Omit<UserRecord, "id" | "createdAt">>;

export class MemoryAccounts {
  readonly users = new Map<string, UserRecord>();
  readonly #byUsername = new Map<string, string>();
  readonly #byEmail = new Map<string, string>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly #sessionsByUser = new Map<string, Set<string>>();

  createUser(user: UserRecord): void {
    if (this.users.has(user.id)) throw new LairError("conflict", { message: "User id already exists" });
    this.#checkUnique(user.id, user.username, user.email);
    const stored = { ...user };
    this.users.set(stored.id, stored);
    this.#byUsername.set(fold(stored.username), stored.id);
    this.#byEmail.set(fold(stored.email), stored.id);
  }

  getUser(id: string): UserRecord | null {
    const user = this.users.get(id);
    return user ? { ...user } : null;
  }

  findUserByIdentifier(identifier: string): UserRecord | null {
    const key = fold(identifier);
    const id = this.#byUsername.get(key) ?? this.#byEmail.get(key);
    return id === undefined ? null : this.getUser(id);
  }

  updateUser(id: string, patch: UserPatch): UserRecord | null {
    const user = this.users.get(id);
    if (!user) return null;
    const next: UserRecord = { ...user, ...definedOnly(patch), id: user.id, createdAt: user.createdAt };
    this.#checkUnique(id, next.username, next.email);
    this.#byUsername.delete(fold(user.username));
    this.#byEmail.delete(fold(user.email));
    this.#byUsername.set(fold(next.username), id);
    this.#byEmail.set(fold(next.email), id);
    this.users.set(id, next);
    return { ...next };
  }

  listUsers(query: ListUsersQuery): Page<UserRecord> {
    const search = query.search === undefined ? undefined : fold(query.search);
    const source = query.ids
      ? query.ids.flatMap((id) => this.users.get(id) ?? [])
      : Array.from(this.users.values());
    const matches = Array.from(new Set(source)).filter(
      (u) =>
        (query.includeInactive || (u.bannedAt === null && u.deletedAt === null)) &&
        (search === undefined || fold(u.username).includes(search)),
    );
    matches.sort((a, b) => compareStrings(fold(a.username), fold(b.username)));
    return page(matches, query);
  }

  getUsers(ids: string[]): UserRecord[] {
    return Array.from(new Set(ids)).flatMap((id) => {
      const user = this.users.get(id);
      return user ? [{ ...user }] : [];
    });
  }

  createSession(session: SessionRecord): void {
    if (this.sessions.has(session.id))
      throw new LairError("conflict", { message: "Session id already exists" });
    this.sessions.set(session.id, { ...session });
    getOrCreate(this.#sessionsByUser, session.userId, () => new Set<string>()).add(session.id);
  }

  getSession(id: string): SessionRecord | null {
    const session = this.sessions.get(id);
    return session ? { ...session } : null;
  }

  touchSession(id: string, lastActiveAt: number, expiresAt?: number): void {
    const session = this.sessions.get(id);
    if (!session) return;
    session.lastActiveAt = lastActiveAt;
    if (expiresAt !== undefined) session.expiresAt = expiresAt;
  }

  revokeSession(id: string, at: number, reason: string): boolean {
    const session = this.sessions.get(id);
    if (!session || session.revokedAt !== null) return false;
    session.revokedAt = at;
    session.revokedReason = reason;
    return true;
  }

  revokeUserSessions(userId: string, at: number, reason: string, exceptSessionId?: string): string[] {
    const revoked: string[] = [];
    for (const id of this.#sessionsByUser.get(userId) ?? []) {
      if (id !== exceptSessionId && this.revokeSession(id, at, reason)) revoked.push(id);
    }
    return revoked;
  }

  #checkUnique(id: string, username: string, email: string): void {
    const byName = this.#byUsername.get(fold(username));
    if (byName !== undefined && byName !== id) throw new LairError("username_taken");
    const byEmail = this.#byEmail.get(fold(email));
    if (byEmail !== undefined && byEmail !== id) throw new LairError("email_taken");
  }
}

/** Case folding used for every case-insensitive comparison of the adapter. */
export function fold(value: string): string {
  return value.toLowerCase();
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A patch without keys whose value is `undefined` (they mean "leave as is"). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
