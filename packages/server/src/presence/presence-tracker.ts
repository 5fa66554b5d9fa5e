/**
 * Who is online across the cluster. Each node counts its own connections per user and tells
 * the others over the bus when a user's count on it goes 0→1 or 1→0; a node that arrives gets
 * everyone's snapshot, and the users of a node that disappears go offline with it.
 */
import type { LairBus } from "../bus/lair-bus.ts";

export interface PresenceChange {
  userId: string;
  username: string;
}

export interface PresenceTrackerOptions {
  bus: LairBus;
  /** Called on this node when users lost to a vanished node are now offline everywhere (this node reports them). */
  onOrphanedOffline: (users: PresenceChange[]) => void;
}

interface PresenceMessage {
  userId: string;
  username: string;
  online: boolean;
}

interface SnapshotMessage {
  users: Array<[string, string]>;
}

const PRESENCE = "presence";
const SNAPSHOT = "presence_snapshot";

export class PresenceTracker {
  private readonly local = new Map<string, { count: number; username: string }>();
  private readonly remote = new Map<string, Map<string, string>>();
  private readonly bus: LairBus;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(private readonly options: PresenceTrackerOptions) {
    this.bus = options.bus;
    this.unsubscribers.push(
      this.bus.onMessage(PRESENCE, (payload, node) => this.onPresence(payload as PresenceMessage, node)),
      this.bus.onMessage(SNAPSHOT, (payload, node) => this.onSnapshot(payload as SnapshotMessage, node)),
      this.bus.onNodeUp(() => this.bus.broadcast(SNAPSHOT, this.snapshot())),
      this.bus.onNodeDown((node) => this.onNodeDown(node)),
    );
  }

  /** Count a connection; true when the user was offline everywhere before. */
  connect(userId: string, username: string): boolean {
    const wasOnline = this.isOnline(userId);
    const entry = this.local.get(userId);
    if (entry) {
      entry.count++;
      return false;
    }
    this.local.set(userId, { count: 1, username });
    this.bus.broadcast(PRESENCE, { userId, username, online: true } satisfies PresenceMessage);
    return !wasOnline;
  }

  /** Uncount a connection; true when the user is now offline everywhere. */
  disconnect(userId: string): boolean {
    const entry = this.local.get(userId);
    if (!entry) return false;
    if (--entry.count > 0) return false;
    this.local.delete(userId);
    this.bus.broadcast(PRESENCE, {
      userId,
      username: entry.username,
      online: false,
    } satisfies PresenceMessage);
    return !this.isOnline(userId);
  }

  isOnline(userId: string): boolean {
    if (this.local.has(userId)) return true;
    for (const users of this.remote.values()) if (users.has(userId)) return true;
    return false;
  }

  /** Every user online anywhere. */
  onlineUserIds(): Set<string> {
    const ids = new Set(this.local.keys());
    for (const users of this.remote.values()) for (const id of users.keys()) ids.add(id);
    return ids;
  }

  /** Users with a connection on this node. */
  get localCount(): number {
    return this.local.size;
  }

  close(): void {
    for (const u of this.unsubscribers) u();
  }

  private snapshot(): SnapshotMessage {
    return { users: [...this.local].map(([id, e]) => [id, e.username]) };
  }

  private onPresence(msg: PresenceMessage, node: string): void {
    if (typeof msg?.userId !== "string") return;
    let users = this.remote.get(node);
    if (!users) {
      users = new Map();
      this.remote.set(node, users);
    }
    if (msg.online) users.set(msg.userId, String(msg.username));
    else users.delete(msg.userId);
  }

  private onSnapshot(msg: SnapshotMessage, node: string): void {
    if (!Array.isArray(msg?.users)) return;
    this.remote.set(node, new Map(msg.users.filter((u) => Array.isArray(u) && typeof u[0] === "string")));
  }

  private onNodeDown(node: string): void {
    const users = this.remote.get(node);
    this.remote.delete(node);
    if (!users || users.size === 0) return;
    // One survivor speaks for the dead node: the lowest id, so the event is not sent twice.
    const survivors = [this.bus.nodeId, ...this.bus.nodes()].sort();
    if (survivors[0] !== this.bus.nodeId) return;
    const gone = [...users]
      .filter(([id]) => !this.isOnline(id))
      .map(([userId, username]) => ({ userId, username }));
    if (gone.length > 0) this.options.onOrphanedOffline(gone);
  }
}
