/**
 * Records as the storage layer keeps them. They are not wire shapes: the server maps them to
 * the protocol's snake_case objects (and never lets `passwordHash` out). Times are epoch
 * milliseconds; ids are strings the server generates (UUIDs), so adapters never invent ids.
 */

/** System-wide role of a user. */
export type SystemRole = "user" | "moderator" | "admin";
/** Role of a user inside one room. */
export type RoomRole = "owner" | "moderator" | "member";
/** Lifecycle of an invitation. Only `pending` may change, and only once. */
export type InvitationStatus = "pending" | "accepted" | "declined" | "cancelled" | "expired";

export interface UserRecord {
  id: string;
  /** As the user typed it; unique case-insensitively. */
  username: string;
  /** Stored lower-cased; unique. */
  email: string;
  passwordHash: string;
  role: SystemRole;
  createdAt: number;
  updatedAt: number;
  lastSeenAt: number | null;
  /** Set while the user is banned server-wide. */
  bannedAt: number | null;
  /** Set when the account is deleted (the row stays so messages keep an author). */
  deletedAt: number | null;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  lastActiveAt: number;
  /** Set when the session is revoked (logout, password change, ban, admin kill). */
  revokedAt: number | null;
  revokedReason: string | null;
  /** Transport the session was opened over: "http", "websocket", "tcp" or a host-defined label. */
  protocol: string;
  ipAddress: string | null;
  userAgent: string | null;
}

export interface RoomRecord {
  id: string;
  /** Unique case-insensitively among rooms that are not deleted. */
  name: string;
  description: string | null;
  ownerId: string;
  isPrivate: boolean;
  /** Member cap; null means the server default applies. */
  maxMembers: number | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export interface MembershipRecord {
  roomId: string;
  userId: string;
  role: RoomRole;
  joinedAt: number;
}

export interface RoomBanRecord {
  roomId: string;
  userId: string;
  bannedBy: string;
  reason: string | null;
  createdAt: number;
}

export interface MessageRecord {
  id: string;
  /** Conversation key (`room:<id>` or `dm:<a>:<b>`, see @lair-chat/protocol `conversationKey`). */
  conversation: string;
  /** Set for room messages. */
  roomId: string | null;
  /** Set for direct messages: the user the author wrote to. */
  recipientId: string | null;
  authorId: string;
  content: string;
  /** Sequence number the message got when it was created in its conversation. */
  seq: number;
  /** Client-generated idempotency key, unique per author. */
  clientMessageId: string | null;
  createdAt: number;
  /** Time of the last edit; null if never edited. */
  editedAt: number | null;
  /** Soft delete: the row stays as a tombstone that keeps the conversation's order. */
  deletedAt: number | null;
  deletedBy: string | null;
  /** `attachments` extension: absent (or `text`) for plain messages. */
  kind?: MessageKind;
  /** `attachments` extension: a copy of the metadata of the files the message carries. */
  attachments?: MessageAttachment[];
}

/** What a message is (`attachments` extension). */
export type MessageKind = "text" | "image" | "file";

/** The metadata of one file as a message carries it (immutable once uploaded). */
export interface MessageAttachment {
  id: string;
  /** File name as uploaded (sanitised by the server). */
  name: string;
  /** Sniffed from the bytes by the server. */
  mimeType: string;
  /** Bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  /** Pixel size, for images whose header the server could read. */
  width: number | null;
  height: number | null;
}

/** An uploaded file: its metadata, where its bytes are, and the message it was sent with. */
export interface AttachmentRecord extends MessageAttachment {
  /** The user who uploaded it; until it is sent, only they may read it. */
  uploaderId: string;
  /** Key of the bytes in the blob store. */
  blobKey: string;
  createdAt: number;
  /** The message it was sent with; null while unsent (garbage after the server's grace period). */
  messageId: string | null;
  /** That message's conversation key; null while unsent. */
  conversation: string | null;
}

/** One step of a conversation's history: each create, edit and delete takes the next seq. */
export type LogOperation = "created" | "edited" | "deleted";

export interface LogEntry {
  conversation: string;
  seq: number;
  op: LogOperation;
  /** The message as it is now (current content, edit and delete state). */
  message: MessageRecord;
  /** When this step happened. */
  at: number;
}

export interface InvitationRecord {
  id: string;
  roomId: string;
  inviterId: string;
  inviteeId: string;
  status: InvitationStatus;
  message: string | null;
  createdAt: number;
  respondedAt: number | null;
  expiresAt: number;
}

export interface ReadMarkerRecord {
  userId: string;
  conversation: string;
  /** Highest seq the user has read in the conversation. */
  lastReadSeq: number;
  updatedAt: number;
}
