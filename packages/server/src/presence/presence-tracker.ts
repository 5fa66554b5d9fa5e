/**
 * Who is online across the cluster. Each node counts its own connections per user and tells
 * the others over the bus when a user's count on it goes 0→1 or 1→0 (one bus message per tick
 * for all such changes); a node that arrives gets everyone's snapshot, and the users of a node
 * that disappears go offline with it.
 *
 * A user whose last connection on this node closes stays online here for `offlineGraceMs`, so
 * a page reload (close, then reconnect to any node) announces nothing. Only when the grace ends
 * with no connection anywhere is the user reported offline.
 */
import type { LairBus } from "../bus/lair-bus.ts";

export interface PresenceChange {
  userId: string;
  username: string;
  online: boolean;
}

export interface PresenceTrackerOptions {
  bus: LairBus;
  /**
   * Called on this node when it is the one to announce users coming online or going offline
   * across the cluster (their last connection closed here and the grace ended, or their node
   * vanished and this node is the survivor that speaks for it).
   */
  onChange: (changes: PresenceChange[]) => void;
  /** Time a user stays online after their last connection on this node closes. @default 0 */
  offlineGraceMs?: number;
}

/**
 * `[userId, username, online, announced]`: `announced` when the sender itself told the clients
 * (online: the user was offline everywhere it knew of; offline: gone everywhere it knew of).
 */
type WireChange = [string, string, boolean, boolean];

interface BatchMessage {
  changes: WireChange[];
}

interface SnapshotMessage {
  users: Array<[string, string]>;
  /** The sender just met us (again) and wants our list too. */
  ask?: boolean;
}

interface LocalEntry {
  count: number;
  username: string;
  /** Set while the user lingers after their last connection here closed. */
  graceTimer: ReturnType<typeof setTimeout> | undefined;
}

const BATCH = "presence_batch";
const SNAPSHOT = "presence_snapshot";

export class PresenceTracker {
  private readonly local = new Map<string, LocalEntry>();
  private readonly remote = new Map<string, Map<string, string>>();
  private readonly bus: LairBus;
  private readonly graceMs: number;
  private readonly unsubscribers: Array<() => void> = [];
  private readonly outbox = new Map<string, WireChange>();
  private flushScheduled: ReturnType<typeof setImmediate> | undefined;
  private readonly orphanTimers = new Set<ReturnType<typeof setTimeout>>();
  private orphanBuckets = 0;
  private lastSnapshotAt = 0;
  /** Users this node reported offline for a vanished node, until they are seen online again. */
  private readonly orphansReported = new Map<string, string>();
  private closed = false;

  constructor(private readonly options: PresenceTrackerOptions) {
    this.bus = options.bus;
    this.graceMs = options.offlineGraceMs ?? 0;
    if (!Number.isFinite(this.graceMs) || this.graceMs < 0)
      throw new RangeError("offlineGraceMs must be a non-negative number");
    this.unsubscribers.push(
      this.bus.onMessage(BATCH, (payload, node) => this.onBatch(payload as BatchMessage, node)),
      this.bus.onMessage(SNAPSHOT, (payload, node) => this.onSnapshot(payload as SnapshotMessage, node)),
      this.bus.onNodeUp(() => this.sendSnapshot(true)),
      this.bus.onNodeDown((node) => this.onNodeDown(node)),
    );
  }

  /** Count a connection; announces the user online when they were offline everywhere. */
  connect(userId: string, username: string): void {
    const entry = this.local.get(userId);
    if (entry) {
      entry.count++;
      // A reconnect within the grace: the others never heard of the departure.
      if (entry.graceTimer !== undefined) {
        clearTimeout(entry.graceTimer);
        entry.graceTimer = undefined;
      }
      return;
    }
    const wasOnline = this.isOnline(userId);
    this.orphansReported.delete(userId);
    this.local.set(userId, { count: 1, username, graceTimer: undefined });
    this.queue([userId, username, true, !wasOnline]);
    if (!wasOnline) this.options.onChange([{ userId, username, online: true }]);
  }

  /** Uncount a connection; the user goes offline after the grace unless they reconnect. */
  disconnect(userId: string): void {
    const entry = this.local.get(userId);
    if (!entry || entry.count === 0) return;
    if (--entry.count > 0) return;
    if (this.graceMs === 0 || this.closed) {
      this.release(userId);
      return;
    }
    entry.graceTimer = setTimeout(() => this.release(userId), this.graceMs);
    entry.graceTimer.unref?.();
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

  /** Users with a connection (or lingering in the grace) on this node. */
  get localCount(): number {
    return this.local.size;
  }

  close(): void {
    this.closed = true;
    for (const u of this.unsubscribers) u();
    for (const e of this.local.values()) if (e.graceTimer !== undefined) clearTimeout(e.graceTimer);
    for (const t of this.orphanTimers) clearTimeout(t);
    if (this.flushScheduled !== undefined) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
  }

  /** The grace ended (or there was none): drop the user here and report them offline if gone everywhere. */
  private release(userId: string): void {
    const entry = this.local.get(userId);
    if (!entry || entry.count > 0) return;
    this.local.delete(userId);
    const offline = !this.isOnline(userId);
    this.queue([userId, entry.username, false, offline]);
    if (offline) this.options.onChange([{ userId, username: entry.username, online: false }]);
  }

  /** Changes of one tick travel together; a later change of the same user replaces an earlier one. */
  private queue(change: WireChange): void {
    if (this.closed) return;
    this.outbox.delete(change[0]);
    this.outbox.set(change[0], change);
    this.flushScheduled ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushScheduled !== undefined) clearImmediate(this.flushScheduled);
    this.flushScheduled = undefined;
    if (this.outbox.size === 0 || this.closed) return;
    const changes = [...this.outbox.values()];
    this.outbox.clear();
    this.bus.broadcast(BATCH, { changes } satisfies BatchMessage);
  }

  private sendSnapshot(ask: boolean): void {
    if (this.closed) return;
    this.flush();
    this.lastSnapshotAt = Date.now();
    const users: Array<[string, string]> = [...this.local].map(([id, e]) => [id, e.username]);
    this.bus.broadcast(SNAPSHOT, (ask ? { users, ask } : { users }) satisfies SnapshotMessage);
  }

  private onBatch(msg: BatchMessage, node: string): void {
    if (!Array.isArray(msg?.changes)) return;
    let users = this.remote.get(node);
    if (!users) {
      users = new Map();
      this.remote.set(node, users);
    }
    const corrections: PresenceChange[] = [];
    for (const change of msg.changes) {
      if (!Array.isArray(change) || typeof change[0] !== "string") continue;
      const [userId, username, online, announced] = change;
      if (online) {
        users.set(userId, String(username));
        // This node reported the user offline for a dead node; the node they came back to had
        // not seen that node die yet, took them for online all along and said nothing.
        if (this.orphansReported.delete(userId) && announced !== true)
          corrections.push({ userId, username: String(username), online: true });
        continue;
      }
      users.delete(userId);
      // The other node announced offline before it heard of this node's connection: set it right.
      const mine = this.local.get(userId);
      if (announced === true && mine && mine.count > 0)
        corrections.push({ userId, username: mine.username, online: true });
    }
    if (corrections.length > 0) this.options.onChange(corrections);
  }

  private onSnapshot(msg: SnapshotMessage, node: string): void {
    if (!Array.isArray(msg?.users)) return;
    // A node that met us again while we still saw it (it was deaf, we were not) needs our list;
    // one just sent (we met it too) already answers.
    if (msg.ask === true && Date.now() - this.lastSnapshotAt >= this.bus.heartbeatMs)
      this.sendSnapshot(false);
    const users = new Map(msg.users.filter((u) => Array.isArray(u) && typeof u[0] === "string"));
    this.remote.set(node, users);
    // A node taken for dead (e.g. Redis was away longer than nodeTimeoutMs) is back with users
    // this node reported offline for it: they never left.
    const back: PresenceChange[] = [];
    for (const [userId, username] of users) {
      if (!this.orphansReported.delete(userId)) continue;
      back.push({ userId, username: String(username), online: true });
    }
    if (back.length > 0) this.options.onChange(back);
  }

  private onNodeDown(node: string): void {
    const users = this.remote.get(node);
    this.remote.delete(node);
    if (!users || users.size === 0) return;
    if (this.graceMs === 0) {
      this.reportOrphans(users);
      return;
    }
    // The dead node's users linger like local ones, so those who reconnect elsewhere within the
    // grace (its clients usually do, at once) are never reported offline.
    const bucket = `\0gone:${node}:${++this.orphanBuckets}`;
    this.remote.set(bucket, users);
    const timer = setTimeout(() => {
      this.orphanTimers.delete(timer);
      this.remote.delete(bucket);
      this.reportOrphans(users);
    }, this.graceMs);
    timer.unref?.();
    this.orphanTimers.add(timer);
  }

  private reportOrphans(users: Map<string, string>): void {
    if (this.closed) return;
    // One survivor speaks for the dead node: the lowest id, so the event is not sent twice.
    const survivors = [this.bus.nodeId, ...this.bus.nodes()].sort();
    if (survivors[0] !== this.bus.nodeId) return;
    const gone = [...users]
      .filter(([id]) => !this.isOnline(id))
      .map(([userId, username]) => ({ userId, username, online: false }));
    if (gone.length === 0) return;
    for (const g of gone) this.orphansReported.set(g.userId, g.username);
    // Bounded: the oldest entries only cost a missed re-announcement.
    for (const id of this.orphansReported.keys()) {
      if (this.orphansReported.size <= 100_000) break;
      this.orphansReported.delete(id);
    }
    this.options.onChange(gone);
  }
}
