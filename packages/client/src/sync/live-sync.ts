/**
 * What the client does with each connection: on connect, catch up (resume or backfill) and
 * refresh rooms, unread counts and invitations; on each event, update the state, chase a gap,
 * refresh an expiring token, and re-emit the event under its Lair name.
 */
import { type Feature, hasFeature, LairError, type ServerEvent } from "@lair-chat/protocol";
import type { StatefulApis } from "../client-apis.ts";
import type { Logger } from "../logger.ts";
import type { RealtimeConnection } from "../realtime/connection.ts";
import { applyEvent } from "../state/apply-event.ts";
import type { ChatState } from "../state/chat-state.ts";
import type { ResumeReport, ResumeSync } from "./resume-sync.ts";
import { syncOnConnect } from "./sync-on-connect.ts";

export interface LiveSyncContext {
  state: ChatState;
  apis: StatefulApis;
  sync: ResumeSync;
  logger: Logger;
  requestTimeout: number;
  syncOnConnect: boolean;
  /** Load the outbox of the user the server authenticated. */
  loadOutbox(userId: string): Promise<void>;
  refreshToken(): Promise<boolean>;
  emitEvent(event: ServerEvent): void;
  emitError(error: LairError): void;
  emitResumed(report: ResumeReport): void;
}

export class LiveSync {
  readonly #ctx: LiveSyncContext;
  /** Extensions in force on the current (or last) connection. */
  features: readonly Feature[] = [];

  constructor(ctx: LiveSyncContext) {
    this.#ctx = ctx;
  }

  async connected(connection: RealtimeConnection, reconnect: boolean): Promise<void> {
    const ctx = this.#ctx;
    this.features = connection.features;
    if (connection.user) {
      if (ctx.state.me?.id !== connection.user.id) ctx.state.setMe(connection.user);
      await ctx.loadOutbox(connection.user.id);
    }
    // A replay can be long; give it more than one request's time.
    const report = await ctx.sync.catchUp(connection, reconnect, Math.max(ctx.requestTimeout, 30_000));
    if (ctx.syncOnConnect) {
      await syncOnConnect(ctx.apis, ctx.logger).catch((error: unknown) => {
        ctx.emitError(error instanceof LairError ? error : new LairError("internal_error", { cause: error }));
      });
    }
    ctx.emitResumed(report);
  }

  event(event: ServerEvent): void {
    const ctx = this.#ctx;
    const outcome = applyEvent(ctx.state, event);
    if (outcome.gap) ctx.sync.onGap(outcome.gap, hasFeature(this.features, "cursor"));
    if (event.type === "session_expiring") void ctx.refreshToken();
    // Joined from elsewhere (another tab, an invitation accepted over HTTP): fetch the room.
    if (
      event.type === "user_joined_room" &&
      event.user.id === ctx.state.me?.id &&
      !ctx.state.room(event.room_id)
    ) {
      ctx.apis.rooms.get(event.room_id).catch(() => {});
    }
    ctx.emitEvent(event);
  }
}
