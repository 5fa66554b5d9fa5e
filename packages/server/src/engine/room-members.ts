/**
 * Room member ids kept in memory per node, so a send neither re-reads the sender's membership
 * nor lists the room's members from storage. The engine's own membership changes (create,
 * join, leave, kick, ban, delete, invitation accept) invalidate a room here and on every
 * other node (a bus message sent after the commit, ahead of the change's events). Staleness
 * is bounded: entries expire after `ttlMs`, nothing is cached while the bus is not
 * delivering, and a miss (a sender not in the cached set) is always re-checked in storage by
 * the caller.
 */
import type { LairBus } from "../bus/lair-bus.ts";

const INVALIDATE = "room_members";

export interface RoomMembersOptions {
  /** The room's member ids, or null when the room does not exist (or is deleted). */
  load(roomId: string): Promise<string[] | null>;
  bus: LairBus;
  /** How long a loaded member set is trusted. @default 5000 */
  ttlMs?: number;
  /** Rooms kept at once; the least recently used go first. @default 10_000 */
  maxRooms?: number;
  /** Clock (epoch ms). @default Date.now */
  now?: () => number;
}

interface Entry {
  members: ReadonlySet<string>;
  loadedAt: number;
}

export class RoomMembers {
  readonly #entries = new Map<string, Entry>();
  /** Loads in flight; an invalidation drops its load so a stale result is never kept. */
  readonly #loading = new Map<string, Promise<ReadonlySet<string> | null>>();
  readonly #options: RoomMembersOptions;
  readonly #ttlMs: number;
  readonly #maxRooms: number;
  readonly #now: () => number;
  readonly #unsubscribers: Array<() => void>;
  #degraded = false;

  constructor(options: RoomMembersOptions) {
    this.#options = options;
    this.#ttlMs = options.ttlMs ?? 5000;
    this.#maxRooms = options.maxRooms ?? 10_000;
    this.#now = options.now ?? Date.now;
    if (!Number.isFinite(this.#ttlMs) || this.#ttlMs < 0) throw new RangeError("ttlMs must be >= 0");
    if (!Number.isInteger(this.#maxRooms) || this.#maxRooms < 1)
      throw new RangeError("maxRooms must be >= 1");
    const { bus } = options;
    this.#unsubscribers = [
      bus.onMessage(INVALIDATE, (p) => {
        const roomId = (p as { roomId?: unknown } | undefined)?.roomId;
        if (typeof roomId === "string") this.#drop(roomId);
      }),
      bus.onSubscriptionLost(() => {
        this.#degraded = true;
        this.clear();
      }),
      bus.onResubscribed(() => {
        this.#degraded = false;
        this.clear();
      }),
    ];
  }

  /** The room's member ids (do not modify), or null when the room does not exist. */
  members(roomId: string): Promise<ReadonlySet<string> | null> {
    const entry = this.#entries.get(roomId);
    if (entry !== undefined && this.#now() - entry.loadedAt < this.#ttlMs)
      return Promise.resolve(entry.members);
    const loading = this.#loading.get(roomId);
    if (loading !== undefined) return loading;
    const load = this.#options.load(roomId).then(
      (ids) => {
        const members = ids === null ? null : new Set(ids);
        if (this.#loading.get(roomId) === load) {
          this.#loading.delete(roomId);
          if (members !== null && !this.#degraded) this.#store(roomId, members);
        }
        return members;
      },
      (error: unknown) => {
        if (this.#loading.get(roomId) === load) this.#loading.delete(roomId);
        throw error;
      },
    );
    this.#loading.set(roomId, load);
    return load;
  }

  /** A membership of the room changed (after its commit): forget it here and on every node. */
  changed(roomId: string): void {
    this.#drop(roomId);
    this.#options.bus.broadcast(INVALIDATE, { roomId });
  }

  /** Forget the room on this node only (the cached set was found stale). */
  forget(roomId: string): void {
    this.#drop(roomId);
  }

  clear(): void {
    this.#entries.clear();
    this.#loading.clear();
  }

  /** Rooms cached (for tests). */
  get size(): number {
    return this.#entries.size;
  }

  close(): void {
    for (const u of this.#unsubscribers) u();
    this.clear();
  }

  #drop(roomId: string): void {
    this.#entries.delete(roomId);
    this.#loading.delete(roomId);
  }

  #store(roomId: string, members: ReadonlySet<string>): void {
    this.#entries.delete(roomId);
    this.#entries.set(roomId, { members, loadedAt: this.#now() });
    if (this.#entries.size <= this.#maxRooms) return;
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}
