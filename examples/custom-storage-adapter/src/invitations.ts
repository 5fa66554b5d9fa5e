/** Invitations and admin counts over the tables (docs/storage-adapters.md › Invitations, Admin). */
import { LairError } from "@lair-chat/protocol";
import type {
  InvitationRecord,
  InvitationStatus,
  ListInvitationsQuery,
  StorageStats,
} from "@lair-chat/server";
import { copy, type Tables } from "./tables.ts";
import { compare } from "./users.ts";

export function createInvitation(t: Tables, inv: InvitationRecord): void {
  for (const other of t.invitations.values()) {
    if (other.status === "pending" && other.roomId === inv.roomId && other.inviteeId === inv.inviteeId) {
      throw new LairError("already_invited");
    }
  }
  t.invitations.set(inv.id, copy(inv));
}

/** Compare-and-set out of `pending`. */
export function resolveInvitation(
  t: Tables,
  id: string,
  status: Exclude<InvitationStatus, "pending">,
  at: number,
): InvitationRecord | null {
  const inv = t.invitations.get(id);
  if (inv?.status !== "pending") return null;
  const next = { ...inv, status, respondedAt: at };
  t.invitations.set(id, next);
  return copy(next);
}

export function listInvitations(t: Tables, q: ListInvitationsQuery): InvitationRecord[] {
  return [...t.invitations.values()]
    .filter(
      (i) =>
        (q.inviteeId === undefined || i.inviteeId === q.inviteeId) &&
        (q.inviterId === undefined || i.inviterId === q.inviterId) &&
        (q.roomId === undefined || i.roomId === q.roomId) &&
        (q.status === undefined || i.status === q.status),
    )
    .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id))
    .map(copy);
}

export function expireInvitations(t: Tables, now: number): InvitationRecord[] {
  const expired: InvitationRecord[] = [];
  for (const inv of t.invitations.values()) {
    if (inv.status !== "pending" || inv.expiresAt > now) continue;
    const next = { ...inv, status: "expired" as const, respondedAt: now };
    t.invitations.set(inv.id, next);
    expired.push(copy(next));
  }
  return expired;
}

export function stats(t: Tables, now: number): StorageStats {
  const count = <T>(rows: Iterable<T>, keep: (row: T) => boolean) => {
    let n = 0;
    for (const r of rows) if (keep(r)) n += 1;
    return n;
  };
  return {
    users: count(t.users.values(), (u) => u.deletedAt === null),
    rooms: count(t.rooms.values(), (r) => r.deletedAt === null),
    messages: count(t.messages.values(), (m) => m.deletedAt === null),
    activeSessions: count(t.sessions.values(), (s) => s.revokedAt === null && s.expiresAt > now),
  };
}
