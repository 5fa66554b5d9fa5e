/**
 * createMemoryStorage: the whole Storage interface over Maps in this process. Each call runs
 * its work synchronously inside the method, before the returned promise settles, so calls
 * never interleave half-way: seq allocation, unique checks and compare-and-set are atomic
 * without locks. Records are copied on the way in and out, so callers never share state.
 */

import { LairError } from "@lair-chat/protocol";
import type { Storage, StorageCapabilities } from "@lair-chat/server";
import { MemoryAccounts } from "./memory-accounts.ts";
import { MemoryAttachments } from "./memory-attachments.ts";
import { MemoryInvitations } from "./memory-invitations.ts";
import { MemoryMessages } from "./memory-messages.ts";
import { MemoryRooms } from "./memory-rooms.ts";

export interface MemoryStorageOptions {
  /**
   * Settle each call on a later macrotask instead of the next microtask, so results arrive
   * interleaved the way a networked database delivers them. The work itself still happens
   * synchronously when the method is called.
   * @default false
   */
  deferResults?: boolean;
}

const CAPABILITIES: StorageCapabilities = Object.freeze({
  persistent: false,
  multiProcess: false,
  batchAppend: true,
  attachments: true,
});

/** A fresh, empty in-memory storage. Data lives as long as the returned object. */
export function createMemoryStorage(options: MemoryStorageOptions = {}): Storage {
  if (options === null || typeof options !== "object") throw new TypeError("options must be an object");
  const deferResults = options.deferResults ?? false;
  const accounts = new MemoryAccounts();
  const rooms = new MemoryRooms(accounts.users);
  const invitations = new MemoryInvitations();
  const messages = new MemoryMessages();
  const attachments = new MemoryAttachments(messages.messages);
  let closed = false;

  const run = <T>(work: () => T): Promise<T> => {
    if (closed) return Promise.reject(new LairError("storage_unavailable", { message: "Storage is closed" }));
    let result: T;
    try {
      result = work();
    } catch (error) {
      return Promise.reject(error);
    }
    if (!deferResults) return Promise.resolve(result);
    return new Promise((resolve) => setImmediate(resolve, result));
  };

  return {
    capabilities: CAPABILITIES,
    init: () => run(() => undefined),
    ping: () => run(() => undefined),
    close: async () => {
      closed = true;
    },

    createUser: (user) => run(() => accounts.createUser(user)),
    getUser: (id) => run(() => accounts.getUser(id)),
    findUserByIdentifier: (identifier) => run(() => accounts.findUserByIdentifier(identifier)),
    updateUser: (id, patch) => run(() => accounts.updateUser(id, patch)),
    listUsers: (query) => run(() => accounts.listUsers(query)),
    getUsers: (ids) => run(() => accounts.getUsers(ids)),

    createSession: (session) => run(() => accounts.createSession(session)),
    getSession: (id) => run(() => accounts.getSession(id)),
    touchSession: (id, lastActiveAt, expiresAt) =>
      run(() => accounts.touchSession(id, lastActiveAt, expiresAt)),
    revokeSession: (id, at, reason) => run(() => accounts.revokeSession(id, at, reason)),
    revokeUserSessions: (userId, at, reason, except) =>
      run(() => accounts.revokeUserSessions(userId, at, reason, except)),

    createRoom: (room, owner) => run(() => rooms.createRoom(room, owner)),
    getRoom: (id) => run(() => rooms.getRoom(id)),
    updateRoom: (id, patch) => run(() => rooms.updateRoom(id, patch)),
    deleteRoom: (id, at) =>
      run(() => {
        const deleted = rooms.deleteRoom(id, at);
        if (deleted) invitations.removePendingOfRoom(id);
        return deleted;
      }),
    listRooms: (query) => run(() => rooms.listRooms(query)),

    addMember: (member, defaultMaxMembers) => run(() => rooms.addMember(member, defaultMaxMembers)),
    getMembership: (roomId, userId) => run(() => rooms.getMembership(roomId, userId)),
    removeMember: (roomId, userId) => run(() => rooms.removeMember(roomId, userId)),
    setMemberRole: (roomId, userId, role) => run(() => rooms.setMemberRole(roomId, userId, role)),
    listMembers: (roomId, page) => run(() => rooms.listMembers(roomId, page)),
    listMemberIds: (roomId) => run(() => rooms.listMemberIds(roomId)),
    listMembershipsOf: (userId) => run(() => rooms.listMembershipsOf(userId)),
    addRoomBan: (ban) => run(() => rooms.addRoomBan(ban)),
    removeRoomBan: (roomId, userId) => run(() => rooms.removeRoomBan(roomId, userId)),
    getRoomBan: (roomId, userId) => run(() => rooms.getRoomBan(roomId, userId)),

    appendMessage: (message) => run(() => messages.appendMessages([message])[0]!),
    appendMessages: (batch) => run(() => messages.appendMessages(batch)),
    getMessage: (id) => run(() => messages.getMessage(id)),
    editMessage: (id, content, at) => run(() => messages.editMessage(id, content, at)),
    deleteMessage: (id, at, by) => run(() => messages.deleteMessage(id, at, by)),
    listMessages: (conversation, query) => run(() => messages.listMessages(conversation, query)),
    countMessages: (conversation, query) => run(() => messages.countMessages(conversation, query)),
    readLog: (conversation, afterSeq, limit) => run(() => messages.readLog(conversation, afterSeq, limit)),
    lastSeq: (conversation) => run(() => messages.lastSeq(conversation)),
    listDmPartners: (userId) => run(() => messages.listDmPartners(userId)),

    setReadMarker: (userId, conversation, seq, at) =>
      run(() => messages.setReadMarker(userId, conversation, seq, at)),
    listReadMarkers: (userId) => run(() => messages.listReadMarkers(userId)),
    countUnread: (userId, conversations) => run(() => messages.countUnread(userId, conversations)),

    createInvitation: (invitation) => run(() => invitations.createInvitation(invitation)),
    getInvitation: (id) => run(() => invitations.getInvitation(id)),
    resolveInvitation: (id, status, at) => run(() => invitations.resolveInvitation(id, status, at)),
    listInvitations: (query) => run(() => invitations.listInvitations(query)),
    expireInvitations: (now) => run(() => invitations.expireInvitations(now)),

    createAttachment: (record) => run(() => attachments.create(record)),
    getAttachment: (id) => run(() => attachments.get(id)),
    claimAttachments: (ids, uploaderId, messageId, conversation) =>
      run(() => attachments.claim(ids, uploaderId, messageId, conversation)),
    releaseAttachments: (messageId) => run(() => attachments.release(messageId)),
    listMessageAttachments: (messageId) => run(() => attachments.ofMessage(messageId)),
    listGarbageAttachments: (createdBefore, limit) => run(() => attachments.garbage(createdBefore, limit)),
    deleteAttachments: (ids) => run(() => attachments.delete(ids)),

    stats: (now) =>
      run(() => {
        let users = 0;
        for (const u of accounts.users.values()) if (u.deletedAt === null) users++;
        let activeSessions = 0;
        for (const s of accounts.sessions.values())
          if (s.revokedAt === null && s.expiresAt > now) activeSessions++;
        return { users, rooms: rooms.countLive(), messages: messages.countLive(), activeSessions };
      }),
  };
}
