/**
 * Storage records → wire objects (snake_case, RFC 3339 `Z` timestamps). `passwordHash`,
 * ban and delete bookkeeping never leave through here.
 */
import { messageAttachmentFields } from "../attachments/wire-attachment.ts";
import type {
  InvitationRecord,
  MembershipRecord,
  MessageRecord,
  RoomRecord,
  UserRecord,
} from "../storage/records.ts";
import type { MemberWithUser } from "../storage/storage.ts";

/** Epoch ms → RFC 3339 with `Z`. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function wireUser(u: UserRecord) {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    role: u.role,
    created_at: iso(u.createdAt),
    updated_at: iso(u.updatedAt),
    last_seen_at: u.lastSeenAt === null ? null : iso(u.lastSeenAt),
  };
}
export type WireUser = ReturnType<typeof wireUser>;

export function wireRoom(r: RoomRecord) {
  return {
    id: r.id,
    name: r.name,
    owner: r.ownerId,
    settings: { description: r.description, is_private: r.isPrivate, max_members: r.maxMembers },
    created_at: iso(r.createdAt),
  };
}
export type WireRoom = ReturnType<typeof wireRoom>;

export function wireMembership(m: MembershipRecord) {
  return { room_id: m.roomId, user_id: m.userId, role: m.role, joined_at: iso(m.joinedAt) };
}

export function wireMember(m: MemberWithUser, online: boolean) {
  return {
    user_id: m.userId,
    username: m.username,
    role: m.role,
    joined_at: iso(m.joinedAt),
    is_online: online,
  };
}

export function wireTarget(m: MessageRecord) {
  return m.roomId !== null
    ? { type: "room" as const, room_id: m.roomId }
    : { type: "dm" as const, recipient: m.recipientId ?? "" };
}

/** Which extension fields a message carries for this reader. */
export interface MessageView {
  seq?: boolean;
  clientMessageId?: boolean;
  /** Show a deleted message as a tombstone (`deleted: true`, empty content). */
  tombstone?: boolean;
  /** `kind` and `attachments` of messages that carry files (`attachments` extension). */
  attachments?: boolean;
}

export function wireMessage(m: MessageRecord, view: MessageView = {}) {
  const deleted = m.deletedAt !== null;
  const out: Record<string, unknown> = {
    id: m.id,
    author: m.authorId,
    target: wireTarget(m),
    content: deleted ? "" : m.content,
    edited: m.editedAt !== null,
    created_at: iso(m.createdAt),
  };
  if (view.seq) out.seq = m.seq;
  if (view.clientMessageId && m.clientMessageId !== null) out.client_message_id = m.clientMessageId;
  if (view.tombstone && deleted) out.deleted = true;
  if (view.attachments) Object.assign(out, messageAttachmentFields(m));
  return out;
}

export interface InvitationNames {
  roomName: string;
  inviterName: string;
  inviteeName: string;
}

export function wireInvitation(i: InvitationRecord, names: InvitationNames) {
  return {
    id: i.id,
    room_id: i.roomId,
    inviter_id: i.inviterId,
    invitee_id: i.inviteeId,
    status: i.status,
    message: i.message,
    created_at: iso(i.createdAt),
    expires_at: iso(i.expiresAt),
    responded_at: i.respondedAt === null ? null : iso(i.respondedAt),
    room_name: names.roomName,
    inviter_name: names.inviterName,
    invitee_name: names.inviteeName,
  };
}
