/**
 * A Lair Chat storage adapter kept in one JSON file. Every table lives in memory as a Map; each
 * write changes the Maps synchronously (so no other call can interleave: that is the whole
 * concurrency story inside one process) and then waits until the file on disk holds it.
 * Built from docs/storage-adapters.md alone.
 */
import { access, constants } from "node:fs/promises";
import { LairError } from "@lair-chat/protocol";
import type { Storage, StorageCapabilities } from "@lair-chat/server";
import {
  createInvitation,
  expireInvitations,
  listInvitations,
  resolveInvitation,
  stats,
} from "./invitations.ts";
import { JsonFile } from "./json-file.ts";
import {
  appendMessage,
  countMessages,
  countUnread,
  deleteMessage,
  editMessage,
  lastSeq,
  listDmPartners,
  listMessages,
  readLog,
  setReadMarker,
} from "./messages.ts";
import {
  addMember,
  createRoom,
  deleteRoom,
  listMembers,
  listMembershipsOf,
  listRooms,
  liveRoom,
  membersOf,
  setMemberRole,
  updateRoom,
} from "./rooms.ts";
import {
  copy,
  emptyTables,
  fromDocument,
  pairKey,
  type Tables,
  type TablesDocument,
  toDocument,
} from "./tables.ts";
import {
  createSession,
  createUser,
  findUserByIdentifier,
  listUsers,
  revokeSession,
  revokeUserSessions,
  touchSession,
  updateUser,
} from "./users.ts";

export interface JsonFileStorageOptions {
  /** The JSON file; created (with its folder) by `init()` when missing. */
  path: string;
}

type Methods = Omit<Storage, "capabilities">;

export function createJsonFileStorage(options: JsonFileStorageOptions): Storage & { readonly path: string } {
  if (!options || typeof options.path !== "string" || options.path === "") {
    throw new TypeError("options.path must be a non-empty string");
  }
  const file = new JsonFile(options.path);
  let tables: Tables | null = null;
  let opening: Promise<void> | null = null;
  let closed = false;

  const db = (): Tables => {
    if (closed || !tables) throw new LairError("storage_unavailable", { message: "The storage is not open" });
    file.assertHealthy();
    return tables;
  };
  const read = async <T>(fn: (t: Tables) => T): Promise<T> => fn(db());
  const write = async <T>(fn: (t: Tables) => T): Promise<T> => {
    const t = db();
    const result = fn(t); // throws before changing anything when a rule is broken
    await file.save(() => JSON.stringify(toDocument(t)));
    return result;
  };

  const capabilities: StorageCapabilities = { persistent: true, multiProcess: false, batchAppend: true };
  const methods: Methods = {
    init() {
      opening ??= (async () => {
        const doc = await file.load();
        tables = doc === undefined ? emptyTables() : fromDocument(doc as TablesDocument);
        if (doc === undefined) await write(() => undefined);
      })();
      return opening;
    },
    async ping() {
      db();
      try {
        await access(file.path, constants.R_OK | constants.W_OK);
      } catch (cause) {
        throw new LairError("storage_unavailable", { cause });
      }
    },
    async close() {
      await file.settle();
      closed = true;
    },

    createUser: (user) => write((t) => createUser(t, user)),
    getUser: (id) => read((t) => nullableCopy(t.users.get(id))),
    findUserByIdentifier: (identifier) => read((t) => findUserByIdentifier(t, identifier)),
    updateUser: (id, patch) => write((t) => updateUser(t, id, patch)),
    listUsers: (query) => read((t) => listUsers(t, query)),
    getUsers: (ids) =>
      read((t) => [...new Set(ids)].flatMap((id) => (t.users.has(id) ? [copy(t.users.get(id)!)] : []))),

    createSession: (session) => write((t) => createSession(t, session)),
    getSession: (id) => read((t) => nullableCopy(t.sessions.get(id))),
    async touchSession(id, lastActiveAt, expiresAt) {
      // An unknown id is not an error, and needs no write.
      if (!db().sessions.has(id)) return;
      await write((t) => touchSession(t, id, lastActiveAt, expiresAt));
    },
    revokeSession: (id, at, reason) => write((t) => revokeSession(t, id, at, reason)),
    revokeUserSessions: (userId, at, reason, except) =>
      write((t) => revokeUserSessions(t, userId, at, reason, except)),

    createRoom: (room, owner) => write((t) => createRoom(t, room, owner)),
    getRoom: (id) => read((t) => nullableCopy(liveRoom(t, id) ?? undefined)),
    updateRoom: (id, patch) => write((t) => updateRoom(t, id, patch)),
    deleteRoom: (id, at) => write((t) => deleteRoom(t, id, at)),
    listRooms: (query) => read((t) => listRooms(t, query)),

    addMember: (member, defaultMax) => write((t) => addMember(t, member, defaultMax)),
    getMembership: (roomId, userId) => read((t) => nullableCopy(t.memberships.get(pairKey(roomId, userId)))),
    removeMember: (roomId, userId) => write((t) => t.memberships.delete(pairKey(roomId, userId))),
    setMemberRole: (roomId, userId, role) => write((t) => setMemberRole(t, roomId, userId, role)),
    listMembers: (roomId, page) => read((t) => listMembers(t, roomId, page)),
    listMemberIds: (roomId) => read((t) => membersOf(t, roomId).map((m) => m.userId)),
    listMembershipsOf: (userId) => read((t) => listMembershipsOf(t, userId)),
    addRoomBan: (ban) =>
      write((t) => {
        const key = pairKey(ban.roomId, ban.userId);
        if (!t.roomBans.has(key)) t.roomBans.set(key, copy(ban));
      }),
    removeRoomBan: (roomId, userId) => write((t) => t.roomBans.delete(pairKey(roomId, userId))),
    getRoomBan: (roomId, userId) => read((t) => nullableCopy(t.roomBans.get(pairKey(roomId, userId)))),

    appendMessage: (message) => write((t) => appendMessage(t, message)),
    appendMessages: (batch) => write((t) => batch.map((m) => appendMessage(t, m))),
    getMessage: (id) => read((t) => nullableCopy(t.messages.get(id))),
    editMessage: (id, content, at) => write((t) => editMessage(t, id, content, at)),
    deleteMessage: (id, at, by) => write((t) => deleteMessage(t, id, at, by)),
    listMessages: (conversation, query) => read((t) => listMessages(t, conversation, query)),
    countMessages: (conversation, query) => read((t) => countMessages(t, conversation, query)),
    readLog: (conversation, afterSeq, limit) => read((t) => readLog(t, conversation, afterSeq, limit)),
    lastSeq: (conversation) => read((t) => lastSeq(t, conversation)),
    listDmPartners: (userId) => read((t) => listDmPartners(t, userId)),

    setReadMarker: (userId, conversation, seq, at) =>
      write((t) => setReadMarker(t, userId, conversation, seq, at)),
    listReadMarkers: (userId) =>
      read((t) => [...t.readMarkers.values()].filter((r) => r.userId === userId).map(copy)),
    countUnread: (userId, conversations) => read((t) => countUnread(t, userId, conversations)),

    createInvitation: (inv) => write((t) => createInvitation(t, inv)),
    getInvitation: (id) => read((t) => nullableCopy(t.invitations.get(id))),
    resolveInvitation: (id, status, at) => write((t) => resolveInvitation(t, id, status, at)),
    listInvitations: (query) => read((t) => listInvitations(t, query)),
    expireInvitations: (now) => write((t) => expireInvitations(t, now)),

    stats: (now) => read((t) => stats(t, now)),
  };
  return { capabilities, path: options.path, ...methods };
}

function nullableCopy<T extends object>(row: T | undefined): T | null {
  return row === undefined ? null : copy(row);
}
