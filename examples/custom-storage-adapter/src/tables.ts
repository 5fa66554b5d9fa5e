/**
 * The whole database: one Map per table in memory, and the JSON document they are saved as.
 * A conversation's log is an array of steps in seq order, so its next seq is its length + 1.
 */
import type {
  InvitationRecord,
  LogOperation,
  MembershipRecord,
  MessageRecord,
  ReadMarkerRecord,
  RoomBanRecord,
  RoomRecord,
  SessionRecord,
  UserRecord,
} from "@lair-chat/server";

/** One step of a conversation: which message, and what happened to it. */
export interface LogStep {
  seq: number;
  op: LogOperation;
  at: number;
  messageId: string;
}

export interface Tables {
  users: Map<string, UserRecord>;
  sessions: Map<string, SessionRecord>;
  rooms: Map<string, RoomRecord>;
  /** Keyed by `pairKey(roomId, userId)`. */
  memberships: Map<string, MembershipRecord>;
  /** Keyed by `pairKey(roomId, userId)`. */
  roomBans: Map<string, RoomBanRecord>;
  messages: Map<string, MessageRecord>;
  /** Conversation key → its steps, seq 1, 2, 3… */
  log: Map<string, LogStep[]>;
  invitations: Map<string, InvitationRecord>;
  /** Keyed by `pairKey(userId, conversation)`. */
  readMarkers: Map<string, ReadMarkerRecord>;
  /** Derived, not saved: `pairKey(authorId, clientMessageId)` → message id. */
  clientIds: Map<string, string>;
}

/** The file's shape: every table as an array of records, the log as an object of arrays. */
export interface TablesDocument {
  format: 1;
  users: UserRecord[];
  sessions: SessionRecord[];
  rooms: RoomRecord[];
  memberships: MembershipRecord[];
  roomBans: RoomBanRecord[];
  messages: MessageRecord[];
  log: Record<string, LogStep[]>;
  invitations: InvitationRecord[];
  readMarkers: ReadMarkerRecord[];
}

/** A composite key; ids and conversation keys never contain a newline. */
export const pairKey = (a: string, b: string) => `${a}\n${b}`;

export function emptyTables(): Tables {
  return fromDocument({
    format: 1,
    users: [],
    sessions: [],
    rooms: [],
    memberships: [],
    roomBans: [],
    messages: [],
    log: {},
    invitations: [],
    readMarkers: [],
  });
}

export function fromDocument(doc: TablesDocument): Tables {
  if (doc.format !== 1) throw new Error(`unknown database format ${String(doc.format)}`);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const tables: Tables = {
    users: byId(doc.users),
    sessions: byId(doc.sessions),
    rooms: byId(doc.rooms),
    memberships: new Map(doc.memberships.map((m) => [pairKey(m.roomId, m.userId), m])),
    roomBans: new Map(doc.roomBans.map((b) => [pairKey(b.roomId, b.userId), b])),
    messages: byId(doc.messages),
    log: new Map(Object.entries(doc.log)),
    invitations: byId(doc.invitations),
    readMarkers: new Map(doc.readMarkers.map((r) => [pairKey(r.userId, r.conversation), r])),
    clientIds: new Map(),
  };
  for (const m of tables.messages.values()) {
    if (m.clientMessageId !== null) tables.clientIds.set(pairKey(m.authorId, m.clientMessageId), m.id);
  }
  return tables;
}

export function toDocument(t: Tables): TablesDocument {
  return {
    format: 1,
    users: [...t.users.values()],
    sessions: [...t.sessions.values()],
    rooms: [...t.rooms.values()],
    memberships: [...t.memberships.values()],
    roomBans: [...t.roomBans.values()],
    messages: [...t.messages.values()],
    log: Object.fromEntries(t.log),
    invitations: [...t.invitations.values()],
    readMarkers: [...t.readMarkers.values()],
  };
}

/** A page of `rows` (already filtered and sorted) with the true total. */
export function page<T>(rows: T[], limit: number, offset: number): { items: T[]; total: number } {
  return { items: rows.slice(offset, offset + limit), total: rows.length };
}

/** Shallow copy: every record is flat, so this is enough to keep callers off our rows. */
export const copy = <T extends object>(row: T): T => ({ ...row });
