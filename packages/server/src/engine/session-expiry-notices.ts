/**
 * `session_expiring`: told to a session's connections on this node `sessionExpiryNoticeMs`
 * before the session ends, so a client can refresh in time. A refresh that extends the
 * session moves the notice; one notice per session end.
 */
import type { ConnectionHandle } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { createEvent } from "./lair-event.ts";
import { iso } from "./wire.ts";

/** setTimeout's ceiling; longer waits are done in steps. */
const MAX_DELAY = 2_147_483_647;

interface Watch {
  connections: number;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The session end already announced. */
  noticed: number | undefined;
}

export class SessionExpiryNotices {
  private readonly watches = new Map<string, Watch>();
  private closed = false;

  constructor(private readonly core: EngineCore) {}

  /** A connection of this session is live here. */
  track(c: ConnectionHandle): void {
    if (this.closed || this.core.options.sessionExpiryNoticeMs === 0) return;
    const sid = c.principal.sessionId;
    const w = this.watches.get(sid);
    if (w) {
      w.connections++;
      return;
    }
    const watch: Watch = {
      connections: 1,
      expiresAt: c.principal.expiresAt,
      timer: undefined,
      noticed: undefined,
    };
    this.watches.set(sid, watch);
    this.schedule(sid, watch);
  }

  /** A connection of this session closed here. */
  untrack(c: ConnectionHandle): void {
    const sid = c.principal.sessionId;
    const w = this.watches.get(sid);
    if (!w || --w.connections > 0) return;
    if (w.timer) clearTimeout(w.timer);
    this.watches.delete(sid);
  }

  close(): void {
    this.closed = true;
    for (const w of this.watches.values()) if (w.timer) clearTimeout(w.timer);
    this.watches.clear();
  }

  private schedule(sid: string, w: Watch): void {
    if (w.timer) clearTimeout(w.timer);
    const at = w.expiresAt - this.core.options.sessionExpiryNoticeMs;
    const delay = Math.min(MAX_DELAY, Math.max(0, at - this.core.now()));
    w.timer = setTimeout(() => {
      w.timer = undefined;
      this.due(sid, w).catch((error: unknown) => {
        this.core.logger.warn({ err: error }, "session_expiring notice failed");
      });
    }, delay);
    w.timer.unref?.();
  }

  private async due(sid: string, w: Watch): Promise<void> {
    const session = await this.core.storage.getSession(sid);
    if (this.watches.get(sid) !== w || this.closed) return;
    if (!session || session.revokedAt !== null) return;
    const now = this.core.now();
    w.expiresAt = session.expiresAt;
    if (session.expiresAt <= now || w.noticed === session.expiresAt) return;
    if (session.expiresAt - this.core.options.sessionExpiryNoticeMs > now) {
      // Refreshed meanwhile (or a wait longer than a timer allows): later, then.
      this.schedule(sid, w);
      return;
    }
    w.noticed = session.expiresAt;
    const event = createEvent(
      "session_expiring",
      { session_id: sid, expires_at: iso(session.expiresAt) },
      now,
    );
    this.core.router.deliverToSession(sid, event);
    // A refresh after this notice moves the end again: look once more just before it.
    w.timer = setTimeout(
      () => {
        w.timer = undefined;
        this.due(sid, w).catch(() => {});
      },
      Math.min(MAX_DELAY, Math.max(1000, session.expiresAt - now)),
    );
    w.timer.unref?.();
  }
}
