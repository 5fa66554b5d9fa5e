/**
 * StorageProbe: a second, independent view of an adapter's database. The suite asks the
 * adapter a question through `Storage` and then asks the probe what is really stored, so an
 * adapter that is wrong in a self-consistent way (say, it caches a record it never wrote, or
 * hard-deletes a row and fakes the tombstone) still fails.
 *
 * Implement every member with direct queries against your tables (plain SQL, a raw driver
 * call), never through the adapter's own read paths or mappers. Each member sees every row,
 * including soft-deleted ones. Times are epoch milliseconds, as in the records.
 */
import type { InvitationStatus } from "@lair-chat/server";

/** Logical tables the suite counts. Map each to the table(s) your schema keeps them in. */
export type ProbeTable =
  | "users"
  | "sessions"
  | "rooms"
  | "memberships"
  | "room_bans"
  | "messages"
  | "invitations"
  | "read_markers";

/** The columns of a user row the suite checks. */
export interface ProbeUserRow {
  id: string;
  username: string;
  email: string;
  bannedAt: number | null;
  deletedAt: number | null;
}

/** The columns of a session row the suite checks. */
export interface ProbeSessionRow {
  id: string;
  userId: string;
  expiresAt: number;
  lastActiveAt: number;
  revokedAt: number | null;
}

/** The columns of a room row the suite checks. */
export interface ProbeRoomRow {
  id: string;
  name: string;
  ownerId: string;
  deletedAt: number | null;
}

/** The columns of a message row the suite checks. */
export interface ProbeMessageRow {
  id: string;
  conversation: string;
  authorId: string;
  content: string;
  /** The seq the message got when it was created. */
  seq: number;
  clientMessageId: string | null;
  editedAt: number | null;
  deletedAt: number | null;
  deletedBy: string | null;
}

export interface StorageProbe {
  /** Number of rows in a logical table, soft-deleted rows included. */
  countRows(table: ProbeTable): Promise<number>;
  /** The user row with this id (deleted or not), or null. */
  userRow(id: string): Promise<ProbeUserRow | null>;
  /** The session row with this id (revoked or not), or null. */
  sessionRow(id: string): Promise<ProbeSessionRow | null>;
  /** The room row with this id, including a soft-deleted one, or null. */
  roomRow(id: string): Promise<ProbeRoomRow | null>;
  /** The message row with this id, including a tombstone, or null. */
  messageRow(id: string): Promise<ProbeMessageRow | null>;
  /** Creation seqs of every message row of a conversation (tombstones included), ascending. */
  messageSeqs(conversation: string): Promise<number[]>;
  /**
   * Every seq the conversation's log has handed out (creates, edits and deletes), ascending.
   * Read it from wherever the adapter records log steps (a log table, a counter plus rows).
   */
  logSeqs(conversation: string): Promise<number[]>;
  /** Number of membership rows of a room. */
  memberCount(roomId: string): Promise<number>;
  /** The stored status of an invitation, or null when the row does not exist. */
  invitationStatus(id: string): Promise<InvitationStatus | null>;
  /** The stored `lastReadSeq` of a user's marker in a conversation, or null when none. */
  readMarkerSeq(userId: string, conversation: string): Promise<number | null>;
}
