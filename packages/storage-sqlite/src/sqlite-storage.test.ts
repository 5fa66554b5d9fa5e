/**
 * The whole testkit suite against SQLite, one fresh temp file per test. The probe reads the
 * file through its own better-sqlite3 connection (WAL lets it read while the adapter writes),
 * so it never shares code or a connection with the adapter.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InvitationStatus } from "@lair-chat/server";
import { type ProbeTable, type StorageHarness, type StorageProbe, storageSuite } from "@lair-chat/testkit";
import Database from "better-sqlite3";
import { describe, it } from "vitest";
import { createSqliteStorage } from "./sqlite-storage.ts";

interface SqliteHarness extends StorageHarness {
  filename: string;
}

type Row = Record<string, unknown>;
const nul = (v: unknown) => (v === null ? null : Number(v));

function sqliteProbe(filename: string): StorageProbe {
  const read = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(filename, { readonly: true, fileMustExist: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const one = (sql: string, ...args: unknown[]) =>
    read((db) => db.prepare(sql).get(...args) as Row | undefined);
  const column = (sql: string, ...args: unknown[]) =>
    read(
      (db) =>
        db
          .prepare(sql)
          .pluck()
          .all(...args) as unknown[],
    ).map(Number);
  const tables: Record<ProbeTable, string> = {
    users: "users",
    sessions: "sessions",
    rooms: "rooms",
    memberships: "memberships",
    room_bans: "room_bans",
    messages: "messages",
    invitations: "invitations",
    read_markers: "read_markers",
  };
  return {
    countRows: async (table) => Number(one(`SELECT COUNT(*) AS n FROM ${tables[table]}`)?.n),
    userRow: async (id) => {
      const r = one("SELECT * FROM users WHERE id = ?", id);
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
      const r = one("SELECT * FROM sessions WHERE id = ?", id);
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
      const r = one("SELECT * FROM rooms WHERE id = ?", id);
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
      const r = one("SELECT * FROM messages WHERE id = ?", id);
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
    messageSeqs: async (conversation) =>
      column("SELECT seq FROM messages WHERE conversation = ? ORDER BY seq", conversation),
    logSeqs: async (conversation) =>
      column("SELECT seq FROM message_log WHERE conversation = ? ORDER BY seq", conversation),
    memberCount: async (roomId) =>
      Number(one("SELECT COUNT(*) AS n FROM memberships WHERE room_id = ?", roomId)?.n),
    invitationStatus: async (id) => {
      const r = one("SELECT status FROM invitations WHERE id = ?", id);
      return r ? (r.status as InvitationStatus) : null;
    },
    readMarkerSeq: async (userId, conversation) => {
      const r = one(
        "SELECT last_read_seq FROM read_markers WHERE user_id = ? AND conversation = ?",
        userId,
        conversation,
      );
      return r ? Number(r.last_read_seq) : null;
    },
  };
}

storageSuite<SqliteHarness>({
  test: it,
  describe,
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), "lair-sqlite-"));
    const filename = join(dir, "chat.db");
    const storage = createSqliteStorage({ filename });
    return {
      storage,
      filename,
      cleanup: async () => {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  probe: (harness) => sqliteProbe(harness.filename),
});
