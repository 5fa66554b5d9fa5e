/**
 * The whole testkit suite against the real Postgres at DATABASE_URL, each test in a fresh
 * schema dropped afterwards. The probe reads through its own pg pool with plain SQL.
 */
import type { InvitationStatus } from "@lair-chat/server";
import { type ProbeTable, type StorageHarness, type StorageProbe, storageSuite } from "@lair-chat/testkit";
import pg from "pg";
import { afterAll, describe, it } from "vitest";
import { createPostgresStorage } from "./postgres-storage.ts";
import { DATABASE_URL, dropSchema, freshSchema, postgresAvailable } from "./test-env.ts";

interface PostgresHarness extends StorageHarness {
  schema: string;
}

type Row = Record<string, unknown>;
const nul = (v: unknown) => (v === null ? null : Number(v));
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

const available = await postgresAvailable();
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
afterAll(() => admin.end());

function postgresProbe(schema: string): StorageProbe {
  const q = (name: string) => `"${schema}"."${name}"`;
  const one = async (sql: string, args: unknown[]) =>
    (await admin.query(sql, args)).rows[0] as Row | undefined;
  const column = async (sql: string, args: unknown[]) =>
    (await admin.query(sql, args)).rows.map((r: Row) => Number(Object.values(r)[0]));
  return {
    countRows: async (table) => Number((await one(`SELECT COUNT(*) AS n FROM ${q(TABLES[table])}`, []))?.n),
    userRow: async (id) => {
      const r = await one(`SELECT * FROM ${q("users")} WHERE id = $1`, [id]);
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
      const r = await one(`SELECT * FROM ${q("sessions")} WHERE id = $1`, [id]);
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
      const r = await one(`SELECT * FROM ${q("rooms")} WHERE id = $1`, [id]);
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
      const r = await one(`SELECT * FROM ${q("messages")} WHERE id = $1`, [id]);
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
      column(`SELECT seq FROM ${q("messages")} WHERE conversation = $1 ORDER BY seq`, [conversation]),
    logSeqs: (conversation) =>
      column(`SELECT seq FROM ${q("message_log")} WHERE conversation = $1 ORDER BY seq`, [conversation]),
    memberCount: async (roomId) =>
      Number((await one(`SELECT COUNT(*) AS n FROM ${q("memberships")} WHERE room_id = $1`, [roomId]))?.n),
    invitationStatus: async (id) => {
      const r = await one(`SELECT status FROM ${q("invitations")} WHERE id = $1`, [id]);
      return r ? (r.status as InvitationStatus) : null;
    },
    readMarkerSeq: async (userId, conversation) => {
      const r = await one(
        `SELECT last_read_seq FROM ${q("read_markers")} WHERE user_id = $1 AND conversation = $2`,
        [userId, conversation],
      );
      return r ? Number(r.last_read_seq) : null;
    },
  };
}

storageSuite<PostgresHarness>({
  test: available ? it : it.skip,
  describe,
  create: async () => {
    const schema = freshSchema();
    const storage = createPostgresStorage({ url: DATABASE_URL, schema, pool: { max: 4 } });
    return {
      storage,
      schema,
      cleanup: async () => {
        await storage.close();
        await dropSchema(admin, schema);
      },
    };
  },
  probe: (harness) => postgresProbe(harness.schema),
});
