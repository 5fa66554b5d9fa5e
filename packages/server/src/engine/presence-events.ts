/**
 * user_online / user_offline: sent only to users who share a room or a DM with the user.
 * Changes of one tick are announced together (one bus message), and rooms with more members
 * than `presenceCountOnlyAbove` carry no per-user presence: their members learn who is online
 * on demand (`is_online` in the member list, `online_only` on the user list), as pushing every
 * arrival to every member of a very large room costs O(members²) events.
 */
import type { PresenceChange } from "../presence/presence-tracker.ts";
import type { EngineCore } from "./engine-core.ts";
import { createEvent, type LairEvent } from "./lair-event.ts";

/** Room member ids memoised for one batch (many changes share rooms). */
type MemberCache = Map<string, Promise<string[]>>;

export async function presenceAudience(
  core: EngineCore,
  userId: string,
  members: MemberCache = new Map(),
): Promise<Set<string>> {
  const [memberships, partners] = await Promise.all([
    core.storage.listMembershipsOf(userId),
    core.storage.listDmPartners(userId),
  ]);
  const ids = new Set(partners);
  const limit = core.options.presenceCountOnlyAbove;
  for (const m of memberships) {
    let list = members.get(m.roomId);
    if (list === undefined) {
      list = core.storage.listMemberIds(m.roomId);
      members.set(m.roomId, list);
    }
    const memberIds = await list;
    if (memberIds.length > limit) continue;
    for (const id of memberIds) ids.add(id);
  }
  ids.delete(userId);
  return ids;
}

/** Collects presence changes and announces each tick's as one batch, in order. */
export class PresenceAnnouncer {
  private pending: PresenceChange[] = [];
  private scheduled: ReturnType<typeof setImmediate> | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly core: () => EngineCore) {}

  announce(changes: readonly PresenceChange[]): void {
    if (this.closed || changes.length === 0) return;
    this.pending.push(...changes);
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      const batch = this.pending;
      this.pending = [];
      // One batch at a time, so a user's online and offline never overtake each other.
      this.chain = this.chain.then(() =>
        this.publish(batch).catch((error: unknown) => {
          this.core().logger.warn({ err: error }, "presence announcement failed");
        }),
      );
    });
  }

  /** Resolves when everything announced so far has been published. */
  async settled(): Promise<void> {
    while (this.scheduled !== undefined || this.pending.length > 0) {
      await new Promise((r) => setImmediate(r));
    }
    await this.chain;
  }

  close(): void {
    this.closed = true;
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.pending = [];
  }

  private async publish(batch: PresenceChange[]): Promise<void> {
    const core = this.core();
    const now = core.now();
    const members: MemberCache = new Map();
    const items = await Promise.all(
      batch.map(async (c): Promise<{ event: LairEvent; users: Set<string> }> => {
        await core.storage.updateUser(c.userId, { lastSeenAt: now }).catch((error: unknown) => {
          core.logger.warn({ err: error }, "lastSeenAt update failed");
        });
        const type = c.online ? "user_online" : "user_offline";
        return {
          event: createEvent(type, { user_id: c.userId, username: c.username }, now),
          users: await presenceAudience(core, c.userId, members),
        };
      }),
    );
    if (!this.closed) core.router.publishMany(items);
  }
}
