/**
 * The storage interface of the server kit. An adapter implements it over a database; the
 * server never imports an adapter. Every method is async and atomic on its own (adapters use
 * a transaction where a method touches several rows). Errors are LairErrors: unique clashes
 * as their domain code (`username_taken`, `email_taken`, `room_name_taken`), a database that
 * cannot be reached as `storage_unavailable`. Writing one is described in
 * docs/storage-adapters.md; `@lair-chat/testkit`'s `storageSuite` checks it.
 */
import type {
  AttachmentRecord,
  InvitationRecord,
  InvitationStatus,
  LogEntry,
  MembershipRecord,
  MessageAttachment,
  MessageKind,
  MessageRecord,
  ReadMarkerRecord,
  RoomBanRecord,
  RoomRecord,
  RoomRole,
  SessionRecord,
  UserRecord,
} from "./records.ts";

/** A page of results with the number of rows matching the query without paging. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** Offset paging. */
export interface PageQuery {
  /** Maximum rows to return. */
  limit: number;
  /** Rows to skip. */
  offset: number;
}

export interface ListUsersQuery extends PageQuery {
  /** Case-insensitive substring of the username. */
  search?: string;
  /** Only these ids (used for "online only": the server knows who is online). */
  ids?: string[];
  /** Include banned and deleted users. @default false */
  includeInactive?: boolean;
}

export interface ListRoomsQuery extends PageQuery {
  /** Case-insensitive substring of the name. */
  search?: string;
  /** Only rooms this user may see: public ones and private ones they are a member of. */
  visibleTo?: string;
  /** Only rooms this user is a member of. */
  memberId?: string;
  /** Only public rooms. @default false */
  publicOnly?: boolean;
}

export interface MemberWithUser extends MembershipRecord {
  username: string;
}

/** What `appendMessage` stores; the adapter assigns `seq` in the same transaction. */
export interface NewMessage {
  id: string;
  conversation: string;
  roomId: string | null;
  recipientId: string | null;
  authorId: string;
  content: string;
  clientMessageId: string | null;
  createdAt: number;
  /** `attachments` extension (only passed to adapters with `capabilities.attachments`): stored on the message. */
  kind?: MessageKind;
  /** `attachments` extension: stored on the message as given. */
  attachments?: MessageAttachment[];
}

export interface AppendResult {
  message: MessageRecord;
  /** False when `clientMessageId` matched an earlier message of the same author: that one is returned. */
  created: boolean;
}

export interface HistoryQuery {
  /** Maximum messages to return. */
  limit: number;
  /** Only messages with seq below this. */
  beforeSeq?: number;
  /** Only messages with seq above this. */
  afterSeq?: number;
  /** Only messages created before this time (ms). */
  before?: number;
  /** Only messages created after this time (ms). */
  after?: number;
  /** Include tombstones of deleted messages. @default false */
  includeDeleted?: boolean;
}

/** The filters of `HistoryQuery` without its limit, for `countMessages`. */
export type CountMessagesQuery = Omit<HistoryQuery, "limit">;

export interface ListInvitationsQuery {
  inviteeId?: string;
  inviterId?: string;
  roomId?: string;
  status?: InvitationStatus;
}

export interface StorageStats {
  /** Users not deleted. */
  users: number;
  /** Rooms not deleted. */
  rooms: number;
  /** Messages not deleted. */
  messages: number;
  /** Sessions not revoked whose `expiresAt` is after `now`. */
  activeSessions: number;
}

/** Optional features an adapter may offer; the server checks these instead of guessing. */
export interface StorageCapabilities {
  /** Data survives a process restart. */
  persistent: boolean;
  /** Several server processes may share this storage at once. */
  multiProcess: boolean;
  /** `appendMessages` commits a batch in one transaction (group commit). */
  batchAppend: boolean;
  /**
   * Implements the attachment members below and keeps `kind`/`attachments` of messages. Without
   * it the server refuses uploads with `attachments_unsupported`. @default false
   */
  attachments?: boolean;
}

export interface Storage {
  /** What this adapter supports. */
  readonly capabilities: StorageCapabilities;

  // Lifecycle
  /** Prepare the storage (create tables, run migrations). Idempotent. */
  init(): Promise<void>;
  /** Resolve when the database answers a trivial query; reject with `storage_unavailable` otherwise. */
  ping(): Promise<void>;
  /** Release connections. The adapter is unusable afterwards. */
  close(): Promise<void>;

  // Users
  /** Insert a user; `username_taken` / `email_taken` when either clashes case-insensitively. */
  createUser(user: UserRecord): Promise<void>;
  /** The user with this id, or null. */
  getUser(id: string): Promise<UserRecord | null>;
  /** The user whose username or email equals `identifier` case-insensitively, or null. */
  findUserByIdentifier(identifier: string): Promise<UserRecord | null>;
  /** Apply a partial update and return the new record; null when the user does not exist; `username_taken` / `email_taken` on a clash. */
  updateUser(id: string, patch: Partial<Omit<UserRecord, "id" | "createdAt">>): Promise<UserRecord | null>;
  /** Users ordered by username (case-insensitive), with a true total. */
  listUsers(query: ListUsersQuery): Promise<Page<UserRecord>>;
  /** Users with these ids, in any order; missing ids are skipped. */
  getUsers(ids: string[]): Promise<UserRecord[]>;

  // Sessions
  /** Insert a session. */
  createSession(session: SessionRecord): Promise<void>;
  /** The session with this id (revoked or not), or null. */
  getSession(id: string): Promise<SessionRecord | null>;
  /** Record activity and optionally extend `expiresAt`. */
  touchSession(id: string, lastActiveAt: number, expiresAt?: number): Promise<void>;
  /** Revoke one session; returns false if it was missing or already revoked. */
  revokeSession(id: string, at: number, reason: string): Promise<boolean>;
  /** Revoke every session of a user not yet revoked except `exceptSessionId`; returns the ids revoked. */
  revokeUserSessions(userId: string, at: number, reason: string, exceptSessionId?: string): Promise<string[]>;

  // Rooms
  /** Insert a room together with its owner's membership, atomically; `room_name_taken` on a clash. */
  createRoom(room: RoomRecord, owner: MembershipRecord): Promise<void>;
  /** The room with this id if it is not deleted, or null. */
  getRoom(id: string): Promise<RoomRecord | null>;
  /** Apply a partial update and return the new record; null when missing or deleted; `room_name_taken` on a clash. */
  updateRoom(id: string, patch: Partial<Omit<RoomRecord, "id" | "createdAt">>): Promise<RoomRecord | null>;
  /** Soft-delete a room and remove its memberships and pending invitations; false when missing. */
  deleteRoom(id: string, at: number): Promise<boolean>;
  /** Rooms ordered by creation (oldest first) matching the query, with a true total. */
  listRooms(query: ListRoomsQuery): Promise<Page<RoomRecord>>;

  // Memberships and bans
  /**
   * Add a member atomically with the capacity check: `room_full` when the room already has
   * `maxMembers` (or `defaultMaxMembers`) members, `already_member` when present,
   * `room_not_found` when the room is missing or deleted.
   */
  addMember(member: MembershipRecord, defaultMaxMembers: number): Promise<void>;
  /** One membership, or null. */
  getMembership(roomId: string, userId: string): Promise<MembershipRecord | null>;
  /** Remove a membership; false when there was none. */
  removeMember(roomId: string, userId: string): Promise<boolean>;
  /** Change a member's role; returns the updated membership or null when not a member. */
  setMemberRole(roomId: string, userId: string, role: RoomRole): Promise<MembershipRecord | null>;
  /** Members with usernames, owners first then by join time, with a true total. */
  listMembers(roomId: string, page: PageQuery): Promise<Page<MemberWithUser>>;
  /** Ids of every member of a room (for event fan-out). */
  listMemberIds(roomId: string): Promise<string[]>;
  /** Every membership of a user (rooms not deleted). */
  listMembershipsOf(userId: string): Promise<MembershipRecord[]>;
  /** Ban a user from a room (idempotent: a second ban keeps the first record). */
  addRoomBan(ban: RoomBanRecord): Promise<void>;
  /** Lift a ban; false when there was none. */
  removeRoomBan(roomId: string, userId: string): Promise<boolean>;
  /** The ban of a user in a room, or null. */
  getRoomBan(roomId: string, userId: string): Promise<RoomBanRecord | null>;

  // Messages and sequences
  /**
   * Store a message, giving it the next seq of its conversation in the same transaction.
   * With a `clientMessageId` already used by the same author (in any conversation), store
   * nothing and return the original with `created: false` — also when two such calls race.
   */
  appendMessage(message: NewMessage): Promise<AppendResult>;
  /**
   * Store several messages (possibly in different conversations) in one commit, each as
   * `appendMessage` would. Results are in input order. Adapters without `batchAppend`
   * may loop over `appendMessage`.
   */
  appendMessages(messages: NewMessage[]): Promise<AppendResult[]>;
  /** The message with this id (deleted or not), or null. */
  getMessage(id: string): Promise<MessageRecord | null>;
  /** Replace a message's content, take the next seq for the edit; null when missing or deleted. */
  editMessage(
    id: string,
    content: string,
    at: number,
  ): Promise<{ message: MessageRecord; seq: number } | null>;
  /** Soft-delete a message, take the next seq for the delete; null when missing or already deleted. */
  deleteMessage(id: string, at: number, by: string): Promise<{ message: MessageRecord; seq: number } | null>;
  /**
   * A page of a conversation's messages, newest first when paging backwards (any upper bound
   * `beforeSeq`/`before`, or no bound at all) and oldest first when paging forwards (only a
   * lower bound `afterSeq`/`after`).
   */
  listMessages(conversation: string, query: HistoryQuery): Promise<MessageRecord[]>;
  /** How many messages `listMessages` would match with the same bounds and no limit (the filtered range, not the whole conversation). */
  countMessages(conversation: string, query: CountMessagesQuery): Promise<number>;
  /** The conversation's log after `afterSeq`, in seq order, at most `limit` entries. */
  readLog(conversation: string, afterSeq: number, limit: number): Promise<LogEntry[]>;
  /** The highest seq taken in a conversation (0 when none). */
  lastSeq(conversation: string): Promise<number>;
  /** Ids of users this user has a DM conversation with. */
  listDmPartners(userId: string): Promise<string[]>;

  // Read markers
  /** Move a user's read marker forward (never backwards); returns the marker in force. */
  setReadMarker(userId: string, conversation: string, seq: number, at: number): Promise<ReadMarkerRecord>;
  /** Every read marker of a user. */
  listReadMarkers(userId: string): Promise<ReadMarkerRecord[]>;
  /**
   * Unread count per conversation: messages not deleted, not written by the user, with seq
   * above the user's marker (0 when no marker).
   */
  countUnread(userId: string, conversations: string[]): Promise<Record<string, number>>;

  // Invitations
  /** Insert an invitation; `already_invited` when a pending one exists for the room and invitee. */
  createInvitation(invitation: InvitationRecord): Promise<void>;
  /** The invitation with this id, or null. */
  getInvitation(id: string): Promise<InvitationRecord | null>;
  /**
   * Move an invitation out of `pending` (compare-and-set). Returns the updated record, or null
   * when it was not pending any more (someone else answered first).
   */
  resolveInvitation(
    id: string,
    status: Exclude<InvitationStatus, "pending">,
    at: number,
  ): Promise<InvitationRecord | null>;
  /** Invitations matching every given filter, newest first. */
  listInvitations(query: ListInvitationsQuery): Promise<InvitationRecord[]>;
  /** Mark pending invitations with `expiresAt <= now` as expired; returns them. */
  expireInvitations(now: number): Promise<InvitationRecord[]>;

  // Admin
  /** Counts for the admin dashboard. */
  stats(now: number): Promise<StorageStats>;

  // Attachments (present when `capabilities.attachments` is true)
  /** Insert the metadata of an uploaded file (`messageId` null). */
  createAttachment?(attachment: AttachmentRecord): Promise<void>;
  /** The attachment with this id, or null. */
  getAttachment?(id: string): Promise<AttachmentRecord | null>;
  /**
   * Bind unsent attachments of `uploaderId` to a message (compare-and-set on `messageId` null),
   * all or none; returns the bound records in `ids` order, or null when any id is missing, sent
   * already or someone else's.
   */
  claimAttachments?(
    ids: string[],
    uploaderId: string,
    messageId: string,
    conversation: string,
  ): Promise<AttachmentRecord[] | null>;
  /** Undo `claimAttachments` for a message that was not stored; returns how many were released. */
  releaseAttachments?(messageId: string): Promise<number>;
  /** Attachments bound to this message. */
  listMessageAttachments?(messageId: string): Promise<AttachmentRecord[]>;
  /**
   * Garbage: attachments created before `createdBefore` whose message is missing, unset or
   * deleted, oldest first, at most `limit`.
   */
  listGarbageAttachments?(createdBefore: number, limit: number): Promise<AttachmentRecord[]>;
  /** Delete attachment metadata; returns how many rows went. */
  deleteAttachments?(ids: string[]): Promise<number>;
}
