/**
 * Record builders for the conformance tests. Ids are UUIDs (as the server makes them); times
 * come from a per-test clock that starts at a fixed instant and only moves forward, so tests
 * can order records by time without sleeping.
 */
import { randomUUID } from "node:crypto";
import type {
  InvitationRecord,
  MembershipRecord,
  MessageRecord,
  NewMessage,
  RoomRecord,
  SessionRecord,
  Storage,
  UserRecord,
} from "@lair-chat/server";

/** A fixed start so failures are reproducible. */
const EPOCH = 1_700_000_000_000;

/** Conversation key of a room; the suite builds keys itself rather than depending on protocol. */
export function roomKey(roomId: string): string {
  return `room:${roomId}`;
}

/** Conversation key of a DM: the two user ids sorted. */
export function dmKey(a: string, b: string): string {
  return a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
}

export class Fixtures {
  #now = EPOCH;
  #n = 0;
  readonly storage: Storage;

  constructor(storage: Storage) {
    this.storage = storage;
  }

  /** The next instant of the test clock (1 s after the previous one). */
  tick(): number {
    this.#now += 1000;
    return this.#now;
  }

  /** The current instant of the test clock, without moving it. */
  now(): number {
    return this.#now;
  }

  user(overrides: Partial<UserRecord> = {}): UserRecord {
    const n = ++this.#n;
    const at = this.tick();
    return {
      id: randomUUID(),
      username: `user${n}`,
      email: `user${n}@example.com`,
      passwordHash: `$argon2id$fake$${n}`,
      role: "user",
      createdAt: at,
      updatedAt: at,
      lastSeenAt: null,
      bannedAt: null,
      deletedAt: null,
      ...overrides,
    };
  }

  async addUser(overrides: Partial<UserRecord> = {}): Promise<UserRecord> {
    const user = this.user(overrides);
    await this.storage.createUser(user);
    return user;
  }

  session(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
    const at = this.tick();
    return {
      id: randomUUID(),
      userId,
      createdAt: at,
      expiresAt: at + 3_600_000,
      lastActiveAt: at,
      revokedAt: null,
      revokedReason: null,
      protocol: "http",
      ipAddress: "127.0.0.1",
      userAgent: "testkit",
      ...overrides,
    };
  }

  async addSession(userId: string, overrides: Partial<SessionRecord> = {}): Promise<SessionRecord> {
    const session = this.session(userId, overrides);
    await this.storage.createSession(session);
    return session;
  }

  room(ownerId: string, overrides: Partial<RoomRecord> = {}): { room: RoomRecord; owner: MembershipRecord } {
    const n = ++this.#n;
    const at = this.tick();
    const room: RoomRecord = {
      id: randomUUID(),
      name: `room${n}`,
      description: null,
      ownerId,
      isPrivate: false,
      maxMembers: null,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
      ...overrides,
    };
    return { room, owner: { roomId: room.id, userId: ownerId, role: "owner", joinedAt: at } };
  }

  async addRoom(ownerId: string, overrides: Partial<RoomRecord> = {}): Promise<RoomRecord> {
    const { room, owner } = this.room(ownerId, overrides);
    await this.storage.createRoom(room, owner);
    return room;
  }

  member(roomId: string, userId: string, overrides: Partial<MembershipRecord> = {}): MembershipRecord {
    return { roomId, userId, role: "member", joinedAt: this.tick(), ...overrides };
  }

  /** A message in room `roomId`, ready for `appendMessage`. */
  roomMessage(roomId: string, authorId: string, overrides: Partial<NewMessage> = {}): NewMessage {
    return {
      id: randomUUID(),
      conversation: roomKey(roomId),
      roomId,
      recipientId: null,
      authorId,
      content: `message ${++this.#n}`,
      clientMessageId: null,
      createdAt: this.tick(),
      ...overrides,
    };
  }

  /** A direct message from `authorId` to `recipientId`. */
  dmMessage(authorId: string, recipientId: string, overrides: Partial<NewMessage> = {}): NewMessage {
    return {
      id: randomUUID(),
      conversation: dmKey(authorId, recipientId),
      roomId: null,
      recipientId,
      authorId,
      content: `dm ${++this.#n}`,
      clientMessageId: null,
      createdAt: this.tick(),
      ...overrides,
    };
  }

  /** Append `count` room messages in order and return the stored records. */
  async appendMany(roomId: string, authorId: string, count: number): Promise<MessageRecord[]> {
    const out: MessageRecord[] = [];
    for (let i = 0; i < count; i++) {
      out.push((await this.storage.appendMessage(this.roomMessage(roomId, authorId))).message);
    }
    return out;
  }

  invitation(
    roomId: string,
    inviterId: string,
    inviteeId: string,
    overrides: Partial<InvitationRecord> = {},
  ): InvitationRecord {
    const at = this.tick();
    return {
      id: randomUUID(),
      roomId,
      inviterId,
      inviteeId,
      status: "pending",
      message: null,
      createdAt: at,
      respondedAt: null,
      expiresAt: at + 86_400_000,
      ...overrides,
    };
  }

  async addInvitation(
    roomId: string,
    inviterId: string,
    inviteeId: string,
    overrides: Partial<InvitationRecord> = {},
  ): Promise<InvitationRecord> {
    const invitation = this.invitation(roomId, inviterId, inviteeId, overrides);
    await this.storage.createInvitation(invitation);
    return invitation;
  }
}
