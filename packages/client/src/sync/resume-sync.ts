/**
 * Catching up after (re)connecting (docs/client.md#reliability). With `resume`, ask the server
 * to replay everything after the last seq seen in every conversation; a conversation it cannot
 * replay (`recovered: false`) is backfilled over HTTP from that seq. Without `resume` (a plain
 * Lair 1.1 server), every open conversation is backfilled from its newest page, deduplicated by
 * message id. Live gaps (a skipped seq) are backfilled one conversation at a time.
 */
import { hasFeature, RESUME_MAX_CONVERSATIONS } from "@lair-chat/protocol";
import type { Logger } from "../logger.ts";
import type { RealtimeConnection } from "../realtime/connection.ts";
import type { Gap } from "../state/apply-event.ts";
import { backfillAfterSeq, backfillLatest, type HistoryContext } from "./history-sync.ts";

/** How a (re)connection caught up, per conversation. */
export interface ResumeReport {
  /** `resume`: server replay; `backfill`: HTTP only (plain server); `none`: nothing to catch up. */
  mode: "resume" | "backfill" | "none";
  reconnect: boolean;
  conversations: Record<string, { recovered: boolean; backfilled: number }>;
}

export interface SyncHooks {
  gap(gap: Gap & { reason: "live" | "resume" }): void;
}

export class ResumeSync {
  readonly #ctx: HistoryContext;
  readonly #hooks: SyncHooks;
  readonly #logger: Logger;
  /** Conversations with a live-gap backfill running → lowest seq still wanted by a queued rerun. */
  readonly #running = new Map<string, number | undefined>();
  #resuming = false;

  constructor(ctx: HistoryContext, hooks: SyncHooks, logger: Logger) {
    this.#ctx = ctx;
    this.#hooks = hooks;
    this.#logger = logger;
  }

  /** Catch up on a freshly authenticated connection; throws if the connection drops meanwhile. */
  async catchUp(
    connection: RealtimeConnection,
    reconnect: boolean,
    resumeTimeout: number,
  ): Promise<ResumeReport> {
    const { state } = this.#ctx;
    if (hasFeature(connection.features, "resume")) {
      const since = state.seqs.snapshot();
      const keys = Object.keys(since);
      const report: ResumeReport = { mode: keys.length ? "resume" : "none", reconnect, conversations: {} };
      this.#resuming = true;
      try {
        for (let i = 0; i < keys.length; i += RESUME_MAX_CONVERSATIONS) {
          const chunk = Object.fromEntries(
            keys.slice(i, i + RESUME_MAX_CONVERSATIONS).map((k) => [k, since[k]!]),
          );
          const { results } = await connection.request("resume", { since: chunk }, resumeTimeout);
          for (const [conversation, result] of Object.entries(results)) {
            const from = chunk[conversation];
            if (from === undefined) continue;
            let backfilled = 0;
            if (!result.recovered) {
              state.seqs.markHole(conversation, from);
              this.#hooks.gap({
                conversation,
                from: from + 1,
                to: result.last_seq ?? from,
                reason: "resume",
              });
              backfilled = await backfillAfterSeq(this.#ctx, conversation, from);
            }
            // Everything up to last_seq has now been replayed or fetched, including any hole
            // that live events opened while the replay was on its way.
            state.seqs.fillHole(conversation, from);
            if (result.last_seq !== undefined) state.seqs.advance(conversation, result.last_seq);
            report.conversations[conversation] = { recovered: result.recovered, backfilled };
          }
        }
      } finally {
        this.#resuming = false;
      }
      return report;
    }
    const conversations = state.conversations;
    const report: ResumeReport = {
      mode: conversations.length ? "backfill" : "none",
      reconnect,
      conversations: {},
    };
    for (const conversation of conversations) {
      const backfilled = await backfillLatest(this.#ctx, conversation);
      report.conversations[conversation] = { recovered: false, backfilled };
    }
    return report;
  }

  /**
   * A live event skipped seqs. The hole is remembered first, so that whatever happens next the
   * following resume starts before it. During a resume the replay is still on its way (the
   * server vouches for it when it answers `recovered: true`); otherwise the missing range is
   * fetched over HTTP when `canBackfill` (extension `cursor`), else left to the next resume.
   */
  onGap(gap: Gap, canBackfill: boolean): void {
    const afterSeq = gap.from - 1;
    this.#ctx.state.seqs.markHole(gap.conversation, afterSeq);
    if (this.#resuming) return;
    this.#hooks.gap({ ...gap, reason: "live" });
    if (!canBackfill) return;
    if (this.#running.has(gap.conversation)) {
      const queued = this.#running.get(gap.conversation);
      this.#running.set(gap.conversation, queued === undefined ? afterSeq : Math.min(queued, afterSeq));
      return;
    }
    void this.#backfillLoop(gap.conversation, afterSeq);
  }

  async #backfillLoop(conversation: string, afterSeq: number): Promise<void> {
    let next: number | undefined = afterSeq;
    while (next !== undefined) {
      this.#running.set(conversation, undefined);
      try {
        await backfillAfterSeq(this.#ctx, conversation, next);
        this.#ctx.state.seqs.fillHole(conversation, next);
      } catch (error) {
        // The hole stays marked, so the next reconnect's resume starts before it.
        this.#logger.warn({ err: error, conversation }, "lair-chat: gap backfill failed");
      }
      next = this.#running.get(conversation);
    }
    this.#running.delete(conversation);
  }
}
