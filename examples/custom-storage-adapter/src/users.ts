/** Users and sessions over the tables (docs/storage-adapters.md › Users, Sessions). */
import { LairError } from "@lair-chat/protocol";
import type { ListUsersQuery, Page, SessionRecord, UserRecord } from "@lair-chat/server";
import { copy, page, type Tables } from "./tables.ts";

const lower = (s: string) => s.toLowerCase();

/** Throws `username_taken`/`email_taken` when another user (deleted ones too) holds either. */
function assertUnique(t: Tables, username: string, email: string, selfId: string | null): void {
  for (const u of t.users.values()) {
    if (u.id === selfId) continue;
    if (lower(u.username) === lower(username)) throw new LairError("username_taken");
    if (lower(u.email) === lower(email)) throw new LairError("email_taken");
  }
}

export function createUser(t: Tables, user: UserRecord): void {
  assertUnique(t, user.username, user.email, null);
  t.users.set(user.id, copy(user));
}

export function findUserByIdentifier(t: Tables, identifier: string): UserRecord | null {
  const wanted = lower(identifier);
  for (const u of t.users.values()) {
    if (lower(u.username) === wanted || lower(u.email) === wanted) return copy(u);
  }
  return null;
}

export function updateUser(
  t: Tables,
  id: string,
  patch: Partial<Omit<UserRecord, "id" | "createdAt">>,
): UserRecord | null {
  const current = t.users.get(id);
  if (!current) return null;
  const next = { ...current, ...definedOnly(patch) };
  assertUnique(t, next.username, next.email, id);
  t.users.set(id, next);
  return copy(next);
}

export function listUsers(t: Tables, q: ListUsersQuery): Page<UserRecord> {
  const search = q.search === undefined ? undefined : lower(q.search);
  const ids = q.ids === undefined ? undefined : new Set(q.ids);
  const rows = [...t.users.values()]
    .filter((u) => q.includeInactive || (u.bannedAt === null && u.deletedAt === null))
    .filter((u) => search === undefined || lower(u.username).includes(search))
    .filter((u) => ids === undefined || ids.has(u.id))
    .sort((a, b) => compare(lower(a.username), lower(b.username)) || compare(a.id, b.id))
    .map(copy);
  return page(rows, q.limit, q.offset);
}

export function revokeSession(t: Tables, id: string, at: number, reason: string): boolean {
  const s = t.sessions.get(id);
  if (!s || s.revokedAt !== null) return false;
  t.sessions.set(id, { ...s, revokedAt: at, revokedReason: reason });
  return true;
}

export function revokeUserSessions(
  t: Tables,
  userId: string,
  at: number,
  reason: string,
  exceptSessionId?: string,
): string[] {
  const revoked: string[] = [];
  for (const s of t.sessions.values()) {
    if (s.userId !== userId || s.id === exceptSessionId || s.revokedAt !== null) continue;
    t.sessions.set(s.id, { ...s, revokedAt: at, revokedReason: reason });
    revoked.push(s.id);
  }
  return revoked;
}

export function touchSession(t: Tables, id: string, lastActiveAt: number, expiresAt?: number): boolean {
  const s = t.sessions.get(id);
  if (!s) return false;
  t.sessions.set(id, { ...s, lastActiveAt, ...(expiresAt === undefined ? {} : { expiresAt }) });
  return true;
}

export function createSession(t: Tables, session: SessionRecord): void {
  t.sessions.set(session.id, copy(session));
}

/** The keys of `patch` whose value is not `undefined` ("keys set to undefined change nothing"). */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
