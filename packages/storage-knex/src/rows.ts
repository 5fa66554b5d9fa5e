/**
 * Row <-> record mapping. Postgres returns BIGINT and COUNT as strings and SQLite returns
 * booleans as 0/1, so every value is normalised here and nowhere else.
 */
import type {
  InvitationRecord,
  InvitationStatus,
  MembershipRecord,
  MessageRecord,
  ReadMarkerRecord,
  RoomBanRecord,
  RoomRecord,
  RoomRole,
  SessionRecord,
  SystemRole,
  UserRecord,
} from "@lair-chat/server";

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;

export function num(value: unknown): number {
  return typeof value === "number" ? value : Number(value);
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function toUser(r: Row): UserRecord {
  return {
    id: String(r.id),
    username: String(r.username),
    email: String(r.email),
    passwordHash: String(r.password_hash),
    role: r.role as SystemRole,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    lastSeenAt: numOrNull(r.last_seen_at),
    bannedAt: numOrNull(r.banned_at),
    deletedAt: numOrNull(r.deleted_at),
  };
}

export function fromUser(u: UserRecord): Row {
  return {
    id: u.id,
    username: u.username,
    username_lower: u.username.toLowerCase(),
    email: u.email,
    email_lower: u.email.toLowerCase(),
    password_hash: u.passwordHash,
    role: u.role,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    last_seen_at: u.lastSeenAt,
    banned_at: u.bannedAt,
    deleted_at: u.deletedAt,
  };
}

export function toSession(r: Row): SessionRecord {
  return {
    id: String(r.id),
    userId: String(r.user_id),
    createdAt: num(r.created_at),
    expiresAt: num(r.expires_at),
    lastActiveAt: num(r.last_active_at),
    revokedAt: numOrNull(r.revoked_at),
    revokedReason: strOrNull(r.revoked_reason),
    protocol: String(r.protocol),
    ipAddress: strOrNull(r.ip_address),
    userAgent: strOrNull(r.user_agent),
  };
}

export function fromSession(s: SessionRecord): Row {
  return {
    id: s.id,
    user_id: s.userId,
    created_at: s.createdAt,
    expires_at: s.expiresAt,
    last_active_at: s.lastActiveAt,
    revoked_at: s.revokedAt,
    revoked_reason: s.revokedReason,
    protocol: s.protocol,
    ip_address: s.ipAddress,
    user_agent: s.userAgent,
  };
}

export function toRoom(r: Row): RoomRecord {
  return {
    id: String(r.id),
    name: String(r.name),
    description: strOrNull(r.description),
    ownerId: String(r.owner_id),
    isPrivate: Boolean(num(r.is_private)),
    maxMembers: numOrNull(r.max_members),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    deletedAt: numOrNull(r.deleted_at),
  };
}

export function fromRoom(room: RoomRecord): Row {
  return {
    id: room.id,
    name: room.name,
    name_lower: room.name.toLowerCase(),
    description: room.description,
    owner_id: room.ownerId,
    is_private: room.isPrivate,
    max_members: room.maxMembers,
    created_at: room.createdAt,
    updated_at: room.updatedAt,
    deleted_at: room.deletedAt,
  };
}

export function toMembership(r: Row): MembershipRecord {
  return {
    roomId: String(r.room_id),
    userId: String(r.user_id),
    role: r.role as RoomRole,
    joinedAt: num(r.joined_at),
  };
}

export function toRoomBan(r: Row): RoomBanRecord {
  return {
    roomId: String(r.room_id),
    userId: String(r.user_id),
    bannedBy: String(r.banned_by),
    reason: strOrNull(r.reason),
    createdAt: num(r.created_at),
  };
}

export function toMessage(r: Row): MessageRecord {
  return {
    id: String(r.id),
    conversation: String(r.conversation),
    roomId: strOrNull(r.room_id),
    recipientId: strOrNull(r.recipient_id),
    authorId: String(r.author_id),
    content: String(r.content),
    seq: num(r.seq),
    clientMessageId: strOrNull(r.client_message_id),
    createdAt: num(r.created_at),
    editedAt: numOrNull(r.edited_at),
    deletedAt: numOrNull(r.deleted_at),
    deletedBy: strOrNull(r.deleted_by),
    ...messageAttachmentColumns(r),
  };
}

/** `kind` and `attachments` (002_attachments; JSON text) when the message has them. */
function messageAttachmentColumns(r: Row): Pick<MessageRecord, "kind" | "attachments"> {
  const out: Pick<MessageRecord, "kind" | "attachments"> = {};
  if (r.kind !== null && r.kind !== undefined) out.kind = r.kind as NonNullable<MessageRecord["kind"]>;
  if (r.attachments !== null && r.attachments !== undefined) {
    out.attachments = JSON.parse(String(r.attachments)) as NonNullable<MessageRecord["attachments"]>;
  }
  return out;
}

export function toInvitation(r: Row): InvitationRecord {
  return {
    id: String(r.id),
    roomId: String(r.room_id),
    inviterId: String(r.inviter_id),
    inviteeId: String(r.invitee_id),
    status: r.status as InvitationStatus,
    message: strOrNull(r.message),
    createdAt: num(r.created_at),
    respondedAt: numOrNull(r.responded_at),
    expiresAt: num(r.expires_at),
  };
}

export function fromInvitation(i: InvitationRecord): Row {
  return {
    id: i.id,
    room_id: i.roomId,
    inviter_id: i.inviterId,
    invitee_id: i.inviteeId,
    status: i.status,
    message: i.message,
    created_at: i.createdAt,
    responded_at: i.respondedAt,
    expires_at: i.expiresAt,
  };
}

export function toReadMarker(r: Row): ReadMarkerRecord {
  return {
    userId: String(r.user_id),
    conversation: String(r.conversation),
    lastReadSeq: num(r.last_read_seq),
    updatedAt: num(r.updated_at),
  };
}

/** Map a partial record patch to columns through `columns` (record key -> column). */
export function patchColumns(patch: Record<string, unknown>, columns: Record<string, string>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(patch)) {
    const column = columns[key];
    if (column !== undefined && value !== undefined) out[column] = value;
  }
  return out;
}
