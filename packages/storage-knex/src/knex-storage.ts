/**
 * createKnexStorage: the Storage interface as SQL on a knex instance the caller passes in
 * (better-sqlite3 or pg). Every call maps database errors to LairErrors; see map-error.ts.
 */

import { LairError } from "@lair-chat/protocol";
import type { Storage, StorageCapabilities } from "@lair-chat/server";
import type { Knex } from "knex";
import { type QueryContext, writeTransaction } from "./context.ts";
import { detectDialect, type SqlDialect } from "./dialect.ts";
import { toStorageError } from "./map-error.ts";
import { type MigrationProgress, migrate } from "./migrate.ts";
import { appendMessages } from "./queries/append.ts";
import * as attachments from "./queries/attachments.ts";
import { countMessages } from "./queries/count-messages.ts";
import * as invitations from "./queries/invitations.ts";
import * as members from "./queries/members.ts";
import * as messages from "./queries/messages.ts";
import * as markers from "./queries/read-markers.ts";
import * as rooms from "./queries/rooms.ts";
import { lastSeq } from "./queries/seqs.ts";
import * as sessions from "./queries/sessions.ts";
import { stats } from "./queries/stats.ts";
import * as users from "./queries/users.ts";
import { checkSchemaName, tableNames } from "./tables.ts";

export interface KnexStorageOptions {
  /** Database family. @default detected from the knex client */
  dialect?: SqlDialect;
  /** Postgres schema holding the tables (not created here: `init()` migrates into it). @default undefined (the connection's search_path) */
  schema?: string;
  /** Override what the adapter reports it supports. @default persistent, multiProcess on Postgres only, batchAppend, attachments */
  capabilities?: Partial<StorageCapabilities>;
  /** Run the migrations in `init()`. @default true */
  migrateOnInit?: boolean;
  /** Progress of the migrations `init()` runs. @default undefined */
  onMigrationProgress?: (progress: MigrationProgress) => void;
  /** Destroy the knex instance in `close()`; leave false when the host app owns it. @default false */
  destroyOnClose?: boolean;
}

/** A Storage over `knex`. Call `init()` before use (it migrates unless told not to). */
export function createKnexStorage(knex: Knex, options: KnexStorageOptions = {}): Storage {
  if (typeof knex !== "function" || typeof knex.transaction !== "function") {
    throw new TypeError("knex: expected a knex instance");
  }
  checkSchemaName(options.schema);
  const dialect = options.dialect ?? detectDialect(knex);
  if (options.schema !== undefined && dialect === "sqlite")
    throw new TypeError("options.schema: not supported on SQLite");
  const t = tableNames(options.schema);
  const ctx: QueryContext = {
    knex,
    dialect,
    t,
    prepared: new WeakMap(),
    write: writeTransaction(knex, dialect, t.conversationSeqs),
  };
  const capabilities: StorageCapabilities = Object.freeze({
    persistent: true,
    multiProcess: dialect === "postgres",
    batchAppend: true,
    attachments: true,
    ...options.capabilities,
  });
  let closed = false;

  const run = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new LairError("storage_unavailable", { message: "Storage is closed" });
    try {
      return await work();
    } catch (error) {
      throw toStorageError(error);
    }
  };
  // Argument errors reject as they are; only database errors go through toStorageError.
  const runChecked = <T>(name: string, limit: number, work: () => Promise<T>): Promise<T> => {
    if (!Number.isInteger(limit) || limit < 0) {
      return Promise.reject(new RangeError(`${name} must be a non-negative integer, got ${limit}`));
    }
    return run(work);
  };

  return {
    capabilities,
    init: () =>
      run(async () => {
        if (options.migrateOnInit === false) return;
        await migrate(knex, {
          dialect,
          ...(options.schema === undefined ? {} : { schema: options.schema }),
          ...(options.onMigrationProgress ? { onProgress: options.onMigrationProgress } : {}),
        });
      }),
    ping: () =>
      run(async () => {
        await knex.raw("SELECT 1");
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      if (options.destroyOnClose) await knex.destroy();
    },

    createUser: (user) => run(() => users.createUser(ctx, user)),
    getUser: (id) => run(() => users.getUser(ctx, id)),
    findUserByIdentifier: (identifier) => run(() => users.findUserByIdentifier(ctx, identifier)),
    updateUser: (id, patch) => run(() => users.updateUser(ctx, id, patch)),
    listUsers: (query) => run(() => users.listUsers(ctx, query)),
    getUsers: (ids) => run(() => users.getUsers(ctx, ids)),

    createSession: (session) => run(() => sessions.createSession(ctx, session)),
    getSession: (id) => run(() => sessions.getSession(ctx, id)),
    touchSession: (id, lastActiveAt, expiresAt) =>
      run(() => sessions.touchSession(ctx, id, lastActiveAt, expiresAt)),
    revokeSession: (id, at, reason) => run(() => sessions.revokeSession(ctx, id, at, reason)),
    revokeUserSessions: (userId, at, reason, exceptSessionId) =>
      run(() => sessions.revokeUserSessions(ctx, userId, at, reason, exceptSessionId)),

    createRoom: (room, owner) => run(() => rooms.createRoom(ctx, room, owner)),
    getRoom: (id) => run(() => rooms.getRoom(ctx, id)),
    updateRoom: (id, patch) => run(() => rooms.updateRoom(ctx, id, patch)),
    deleteRoom: (id, at) => run(() => rooms.deleteRoom(ctx, id, at)),
    listRooms: (query) => run(() => rooms.listRooms(ctx, query)),

    addMember: (member, defaultMaxMembers) => run(() => members.addMember(ctx, member, defaultMaxMembers)),
    getMembership: (roomId, userId) => run(() => members.getMembership(ctx, roomId, userId)),
    removeMember: (roomId, userId) => run(() => members.removeMember(ctx, roomId, userId)),
    setMemberRole: (roomId, userId, role) => run(() => members.setMemberRole(ctx, roomId, userId, role)),
    listMembers: (roomId, page) => run(() => members.listMembers(ctx, roomId, page)),
    listMemberIds: (roomId) => run(() => members.listMemberIds(ctx, roomId)),
    listMembershipsOf: (userId) => run(() => members.listMembershipsOf(ctx, userId)),
    addRoomBan: (ban) => run(() => members.addRoomBan(ctx, ban)),
    removeRoomBan: (roomId, userId) => run(() => members.removeRoomBan(ctx, roomId, userId)),
    getRoomBan: (roomId, userId) => run(() => members.getRoomBan(ctx, roomId, userId)),

    appendMessage: (message) => run(async () => (await appendMessages(ctx, [message]))[0]!),
    appendMessages: (batch) => run(() => appendMessages(ctx, batch)),
    getMessage: (id) => run(() => messages.getMessage(ctx, id)),
    editMessage: (id, content, at) => run(() => messages.editMessage(ctx, id, content, at)),
    deleteMessage: (id, at, by) => run(() => messages.deleteMessage(ctx, id, at, by)),
    listMessages: (conversation, query) =>
      runChecked("query.limit", query.limit, () => messages.listMessages(ctx, conversation, query)),
    countMessages: (conversation, query) => run(() => countMessages(ctx, conversation, query)),
    readLog: (conversation, afterSeq, limit) =>
      runChecked("limit", limit, () => messages.readLog(ctx, conversation, afterSeq, limit)),
    lastSeq: (conversation) => run(() => lastSeq(ctx, conversation)),
    listDmPartners: (userId) => run(() => messages.listDmPartners(ctx, userId)),

    setReadMarker: (userId, conversation, seq, at) =>
      run(() => markers.setReadMarker(ctx, userId, conversation, seq, at)),
    listReadMarkers: (userId) => run(() => markers.listReadMarkers(ctx, userId)),
    countUnread: (userId, conversations) => run(() => markers.countUnread(ctx, userId, conversations)),

    createInvitation: (invitation) => run(() => invitations.createInvitation(ctx, invitation)),
    getInvitation: (id) => run(() => invitations.getInvitation(ctx, id)),
    resolveInvitation: (id, status, at) => run(() => invitations.resolveInvitation(ctx, id, status, at)),
    listInvitations: (query) => run(() => invitations.listInvitations(ctx, query)),
    expireInvitations: (now) => run(() => invitations.expireInvitations(ctx, now)),

    stats: (now) => run(() => stats(ctx, now)),

    createAttachment: (record) => run(() => attachments.createAttachment(ctx, record)),
    getAttachment: (id) => run(() => attachments.getAttachment(ctx, id)),
    claimAttachments: (ids, uploaderId, messageId, conversation) =>
      run(() => attachments.claimAttachments(ctx, ids, uploaderId, messageId, conversation)),
    releaseAttachments: (messageId) => run(() => attachments.releaseAttachments(ctx, messageId)),
    listMessageAttachments: (messageId) => run(() => attachments.listMessageAttachments(ctx, messageId)),
    listGarbageAttachments: (createdBefore, limit) =>
      runChecked("limit", limit, () => attachments.listGarbageAttachments(ctx, createdBefore, limit)),
    deleteAttachments: (ids) => run(() => attachments.deleteAttachments(ctx, ids)),
  };
}
