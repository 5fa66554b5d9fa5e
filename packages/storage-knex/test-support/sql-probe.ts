/**
 * Test support (not published): the testkit probe for the SQL adapters. It reads the tables
 * through the test's own connection with plain SQL, so it never shares code or a connection with
 * the adapter under test; each adapter's test supplies only how to run a query.
 */
import type { InvitationStatus } from "@lair-chat/server";
import type { ProbeTable, StorageProbe } from "@lair-chat/testkit";

export type Row = Record<string, unknown>;

/** How the probe reaches the database. SQL uses `?` placeholders. */
export interface SqlReader {
  /** The first row of a query, or undefined. */
  one(sql: string, args: unknown[]): Promise<Row | undefined>;
  /** The first column of every row, as numbers. */
  column(sql: string, args: unknown[]): Promise<number[]>;
  /** A table's name as it goes into SQL (schema-qualified where the adapter uses a schema). */
  table(name: string): string;
}

const TABLES: Record<ProbeTable, string> = {
  users: "users",
  sessions: "sessions",
  rooms: "rooms",
  memberships: "memberships",
  room_bans: "room_bans",
  messages: "messages",
  invitations: "invitations",
  read_markers: "read_markers",
};

const nul = (v: unknown) => (v === null ? null : Number(v));

export function sqlProbe({ one, column, table: q }: SqlReader): StorageProbe {
  return {
    countRows: async (table) => Number((await one(`SELECT COUNT(*) AS n FROM ${q(TABLES[table])}`, []))?.n),
    userRow: async (id) => {
      const r = await one(`SELECT * FROM ${q("users")} WHERE id = ?`, [id]);
      return r
        ? {
            id: String(r.id),
            username: String(r.username),
            email: String(r.email),
            bannedAt: nul(r.banned_at),
            deletedAt: nul(r.deleted_at),
          }
        : null;
    },
    sessionRow: async (id) => {
      const r = await one(`SELECT * FROM ${q("sessions")} WHERE id = ?`, [id]);
      return r
        ? {
            id: String(r.id),
            userId: String(r.user_id),
            expiresAt: Number(r.expires_at),
            lastActiveAt: Number(r.last_active_at),
            revokedAt: nul(r.revoked_at),
          }
        : null;
    },
    roomRow: async (id) => {
      const r = await one(`SELECT * FROM ${q("rooms")} WHERE id = ?`, [id]);
      return r
        ? {
            id: String(r.id),
            name: String(r.name),
            ownerId: String(r.owner_id),
            deletedAt: nul(r.deleted_at),
          }
        : null;
    },
    messageRow: async (id) => {
      const r = await one(`SELECT * FROM ${q("messages")} WHERE id = ?`, [id]);
      return r
        ? {
            id: String(r.id),
            conversation: String(r.conversation),
            authorId: String(r.author_id),
            content: String(r.content),
            seq: Number(r.seq),
            clientMessageId: r.client_message_id === null ? null : String(r.client_message_id),
            editedAt: nul(r.edited_at),
            deletedAt: nul(r.deleted_at),
            deletedBy: r.deleted_by === null ? null : String(r.deleted_by),
          }
        : null;
    },
    messageSeqs: (conversation) =>
      column(`SELECT seq FROM ${q("messages")} WHERE conversation = ? ORDER BY seq`, [conversation]),
    logSeqs: (conversation) =>
      column(`SELECT seq FROM ${q("message_log")} WHERE conversation = ? ORDER BY seq`, [conversation]),
    memberCount: async (roomId) =>
      Number((await one(`SELECT COUNT(*) AS n FROM ${q("memberships")} WHERE room_id = ?`, [roomId]))?.n),
    invitationStatus: async (id) => {
      const r = await one(`SELECT status FROM ${q("invitations")} WHERE id = ?`, [id]);
      return r ? (r.status as InvitationStatus) : null;
    },
    readMarkerSeq: async (userId, conversation) => {
      const r = await one(
        `SELECT last_read_seq FROM ${q("read_markers")} WHERE user_id = ? AND conversation = ?`,
        [userId, conversation],
      );
      return r ? Number(r.last_read_seq) : null;
    },
  };
}
