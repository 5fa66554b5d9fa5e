/**
 * Everything the client knows, kept consistent with the server's events: rooms and the user's
 * memberships, members with presence, unread counts, who is typing, one Timeline per
 * conversation, pending invitations. Every mutation emits one `change` naming what changed, so
 * a UI re-renders exactly the affected part. Events are applied by `applyEvent` (apply-event.ts).
 */
import {
  conversationKey,
  dmConversationKey,
  type EnrichedInvitation,
  type Message,
  type Room,
  type RoomMember,
  type RoomMembership,
  roomConversationKey,
  type UnreadCounts,
  type User,
} from "@lair-chat/protocol";
import { EventEmitter } from "eventemitter3";
import { People } from "./people.ts";
import { SequenceTracker } from "./sequence-tracker.ts";
import type { RoomEntry, RoomFacts, StateChange } from "./state-types.ts";
import { Timeline } from "./timeline.ts";
import { TypingTracker } from "./typing-tracker.ts";

export type { RoomEntry, RoomFacts, StateChange } from "./state-types.ts";

export interface ChatStateOptions {
  /** How long a typing indicator shows after the last `user_typing`, in ms. @default 5000 */
  typingTimeout?: number;
}

export class ChatState extends EventEmitter<{ change: [change: StateChange] }> {
  #me: User | undefined;
  readonly #rooms = new Map<string, RoomEntry>();
  readonly #unread = new Map<string, number>();
  readonly #timelines = new Map<string, Timeline>();
  readonly #invitations = new Map<string, EnrichedInvitation>();
  readonly typingTracker: TypingTracker;
  /** Room members, presence and usernames. */
  readonly people = new People((change) => this.changed(change));
  /** Last seq per conversation (resume points). */
  readonly seqs = new SequenceTracker();

  constructor(options: ChatStateOptions = {}) {
    super();
    this.typingTracker = new TypingTracker(options.typingTimeout ?? 5000, (conversation) =>
      this.changed({ kind: "typing", conversation }),
    );
  }

  /** @internal Emit a change. */
  changed(change: StateChange): void {
    this.emit("change", change);
  }

  // ── session ──
  get me(): User | undefined {
    return this.#me;
  }

  setMe(user: User | undefined): void {
    this.#me = user;
    if (user) this.people.rememberUsername(user.id, user.username);
    this.changed({ kind: "session" });
  }

  // ── keys ──
  /** The conversation a message belongs to. */
  conversationOf(message: Pick<Message, "target" | "author">): string {
    return conversationKey(message.target, message.author);
  }

  roomKey(roomId: string): string {
    return roomConversationKey(roomId);
  }

  /** The key of our DM conversation with `userId`. */
  dmKey(userId: string): string {
    if (!this.#me) throw new TypeError("dmKey needs a signed-in user");
    return dmConversationKey(this.#me.id, userId);
  }

  // ── rooms ──
  get rooms(): RoomEntry[] {
    return [...this.#rooms.values()];
  }

  room(roomId: string): RoomEntry | undefined {
    return this.#rooms.get(roomId);
  }

  /** Add or update a room; facts not given keep their known value. */
  setRoom(room: Room, facts: RoomFacts = {}): void {
    const known = this.#rooms.get(room.id);
    const membership = facts.membership === undefined ? (known?.membership ?? null) : facts.membership;
    const memberCount = facts.memberCount ?? known?.memberCount;
    const entry: RoomEntry = {
      room,
      isMember:
        facts.isMember ??
        (facts.membership !== undefined ? facts.membership !== null : (known?.isMember ?? false)),
      membership,
      ...(memberCount === undefined ? {} : { memberCount }),
    };
    this.#rooms.set(room.id, entry);
    this.changed({ kind: "rooms", roomId: room.id });
  }

  setMembership(roomId: string, membership: RoomMembership | null): void {
    const entry = this.#rooms.get(roomId);
    if (!entry) return;
    this.#rooms.set(roomId, { ...entry, membership, isMember: membership !== null });
    this.changed({ kind: "rooms", roomId });
  }

  adjustMemberCount(roomId: string, delta: number): void {
    const entry = this.#rooms.get(roomId);
    if (entry?.memberCount === undefined) return;
    this.#rooms.set(roomId, { ...entry, memberCount: Math.max(0, entry.memberCount + delta) });
    this.changed({ kind: "rooms", roomId });
  }

  removeRoom(roomId: string): void {
    this.#rooms.delete(roomId);
    this.people.dropRoom(roomId);
    this.changed({ kind: "rooms", roomId });
  }

  // ── people (see people.ts for updates) ──
  /** Members of a room (after `rooms.members()`), with live presence. */
  members(roomId: string): RoomMember[] {
    return this.people.members(roomId);
  }

  isOnline(userId: string): boolean {
    return this.people.isOnline(userId);
  }

  /** A user's name, when any event or list told us. */
  username(userId: string): string | undefined {
    return this.people.username(userId);
  }

  // ── unread ──
  unread(conversation: string): number {
    return this.#unread.get(conversation) ?? 0;
  }

  /** Unread counts per conversation key. */
  get unreadCounts(): Record<string, number> {
    return Object.fromEntries(this.#unread);
  }

  setUnread(conversation: string, count: number): void {
    if ((this.#unread.get(conversation) ?? 0) === count) return;
    if (count === 0) this.#unread.delete(conversation);
    else this.#unread.set(conversation, count);
    this.changed({ kind: "unread", conversation });
  }

  /** Take the server's counts (`GET /users/me`). */
  setUnreadCounts(counts: UnreadCounts): void {
    for (const [roomId, n] of Object.entries(counts.by_room)) this.setUnread(roomConversationKey(roomId), n);
    if (this.#me)
      for (const [userId, n] of Object.entries(counts.by_dm)) this.setUnread(this.dmKey(userId), n);
  }

  // ── typing ──
  typing(conversation: string): string[] {
    return this.typingTracker.get(conversation);
  }

  // ── timelines ──
  /** The conversation's timeline (created empty on first use). */
  timeline(conversation: string): Timeline {
    let timeline = this.#timelines.get(conversation);
    if (!timeline) {
      timeline = new Timeline(conversation);
      this.#timelines.set(conversation, timeline);
    }
    return timeline;
  }

  hasTimeline(conversation: string): boolean {
    return this.#timelines.has(conversation);
  }

  /** Conversations with a timeline. */
  get conversations(): string[] {
    return [...this.#timelines.keys()];
  }

  /** Rooms the user is a member of. */
  get joinedRooms(): RoomEntry[] {
    return this.rooms.filter((entry) => entry.isMember);
  }

  /** Find which timeline holds a message id. */
  findMessage(messageId: string): { conversation: string; message: Message } | undefined {
    for (const [conversation, timeline] of this.#timelines) {
      const message = timeline.get(messageId);
      if (message) return { conversation, message };
    }
    return undefined;
  }

  /**
   * Merge messages from history, a backfill or a replay. Counts as unread the new ones written
   * by others when `countUnread`. Returns how many were new.
   */
  mergeMessages(messages: readonly Message[], options: { countUnread?: boolean } = {}): number {
    let added = 0;
    const touched = new Set<string>();
    for (const message of messages) {
      const conversation = this.conversationOf(message);
      const timeline = this.timeline(conversation);
      const isNew = !message.deleted && !timeline.has(message.id);
      if (timeline.upsert(message)) touched.add(conversation);
      if (message.seq !== undefined) this.seqs.advance(conversation, message.seq);
      if (isNew) {
        added++;
        if (options.countUnread && message.author !== this.#me?.id) {
          this.setUnread(conversation, this.unread(conversation) + 1);
        }
      }
    }
    for (const conversation of touched) this.changed({ kind: "timeline", conversation });
    return added;
  }

  // ── invitations ──
  get invitations(): EnrichedInvitation[] {
    return [...this.#invitations.values()];
  }

  setInvitations(invitations: readonly EnrichedInvitation[]): void {
    this.#invitations.clear();
    for (const invitation of invitations) this.#invitations.set(invitation.id, invitation);
    this.changed({ kind: "invitations" });
  }

  upsertInvitation(invitation: EnrichedInvitation): void {
    this.#invitations.set(invitation.id, invitation);
    this.changed({ kind: "invitations" });
  }

  removeInvitation(invitationId: string): void {
    if (this.#invitations.delete(invitationId)) this.changed({ kind: "invitations" });
  }

  /** Forget everything (sign-out). */
  clear(): void {
    this.#rooms.clear();
    this.people.clear();
    this.#unread.clear();
    this.#timelines.clear();
    this.#invitations.clear();
    this.typingTracker.clear();
    for (const conversation of Object.keys(this.seqs.snapshot())) this.seqs.forget(conversation);
    this.setMe(undefined);
  }
}
