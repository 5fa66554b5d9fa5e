/**
 * The chat engine: runs commands over storage for every transport, delivers events through the
 * bus, tracks presence, and replays logs for `resume`. See engine-api.ts for the contract.
 */
import { randomUUID } from "node:crypto";
import { LairError } from "@lair-chat/protocol";
import { AttachmentService, supportsAttachments } from "../attachments/attachment-service.ts";
import { createPasswordHasher, type PasswordHasher } from "../auth/password-hasher.ts";
import { createTokenService } from "../auth/token-service.ts";
import type { LairBus } from "../bus/lair-bus.ts";
import type { ServerMetrics } from "../metrics/server-metrics.ts";
import type { RateRule, ResolvedOptions } from "../options/server-options.ts";
import { PresenceTracker } from "../presence/presence-tracker.ts";
import type { RateDecision, RateLimiter } from "../rate-limit/rate-limiter.ts";
import { localNodeStats, NODE_STATS } from "./admin-commands.ts";
import { ensureAdmin } from "./bootstrap-admin.ts";
import { COMMAND_HANDLERS } from "./command-handlers.ts";
import { COMMAND_INPUTS, PROTOCOL_CHECKED_INPUTS } from "./command-inputs.ts";
import { type CommandName, resolveCommandName } from "./command-names.ts";
import { COMMAND_META, type RateTier } from "./command-table.ts";
import { ConnectionRegistry } from "./connection-registry.ts";
import type {
  CallContext,
  ConnectionHandle,
  Engine,
  ExecuteOptions,
  Principal,
  ResumeOutcome,
} from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { EventRouter } from "./event-router.ts";
import { sweepExpiredInvitations } from "./invitation-commands.ts";
import { KeyedQueue } from "./keyed-queue.ts";
import { MessageAppender } from "./message-appender.ts";
import { parseInput } from "./parse-input.ts";
import { PresenceAnnouncer } from "./presence-events.ts";
import { resume } from "./resume.ts";
import { RoomMembers } from "./room-members.ts";
import { SessionExpiryNotices } from "./session-expiry-notices.ts";
import { verifyToken } from "./sessions.ts";

export interface EngineDeps {
  options: ResolvedOptions;
  bus: LairBus;
  metrics: ServerMetrics;
  limiter: RateLimiter;
  /** @default argon2id at the minimum cost */
  hasher?: PasswordHasher;
}

/** Extensions the engine implements (the TCP endpoint adds its own, e.g. `hardened`). */
export const ENGINE_FEATURES = ["seq", "idempotency", "resume", "cursor"] as const;

/** The outcome of the rate limits a call counts against. */
export interface RateCheck {
  /** The tightest decision (lowest remaining), for X-RateLimit-* headers; null when no limit applies. */
  decision: RateDecision | null;
  /** Set when a limit refused the call. */
  refused: RateDecision | null;
  refusedTier: RateTier | null;
}

const INVITATION_SWEEP_MS = 60_000;

export class LairEngine implements Engine {
  readonly features: readonly string[];
  readonly core: EngineCore;
  /** Presence changes of a tick, announced together. */
  readonly announcer: PresenceAnnouncer;
  private readonly expiryNotices: SessionExpiryNotices;
  private sweepTimer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: EngineDeps) {
    const { options, bus, metrics } = deps;
    const logger = options.logger;
    const connections = new ConnectionRegistry();
    const router = new EventRouter({
      bus,
      connections,
      metrics,
      logger,
      storage: options.storage,
      eventHoldMs: options.eventHoldMs,
      maxHeldEvents: options.maxHeldEvents,
    });
    this.announcer = new PresenceAnnouncer(() => this.core);
    const presence = new PresenceTracker({
      bus,
      offlineGraceMs: options.presenceGraceMs,
      onChange: (changes) => this.announcer.announce(changes),
    });
    const queue = new KeyedQueue();
    const core: EngineCore = {
      storage: options.storage,
      options,
      logger,
      metrics,
      tokens: createTokenService(options.jwtSecret),
      hasher: deps.hasher ?? createPasswordHasher(),
      bus,
      router,
      presence,
      connections,
      rooms: new RoomMembers({
        bus,
        load: async (roomId) =>
          (await options.storage.getRoom(roomId)) === null ? null : options.storage.listMemberIds(roomId),
      }),
      queue,
      appender: new MessageAppender(queue, options.storage),
      typingSeen: new Map(),
      startedAt: Date.now(),
      now: Date.now,
      newId: randomUUID,
      ...(options.attachments
        ? {
            attachments: new AttachmentService({
              storage: options.storage,
              options: options.attachments,
              logger,
              now: () => core.now(),
              newId: () => core.newId(),
            }),
          }
        : {}),
    };
    this.core = core;
    // `attachments` is announced only when uploads can actually be stored.
    this.features =
      core.attachments && supportsAttachments(options.storage)
        ? [...ENGINE_FEATURES, "attachments"]
        : ENGINE_FEATURES;
    this.expiryNotices = new SessionExpiryNotices(core);
    bus.onRequest(NODE_STATS, () => localNodeStats(this.core));
  }

  /** Prepare storage, join the bus, create the first admin, start the invitation sweep. */
  async start(): Promise<void> {
    await this.core.storage.init();
    await this.deps.bus.start();
    if (this.core.options.admin) await ensureAdmin(this.core, this.core.options.admin);
    this.sweepTimer = setInterval(() => {
      sweepExpiredInvitations(this.core).catch((error: unknown) =>
        this.core.logger.warn({ err: error }, "invitation sweep failed"),
      );
    }, INVITATION_SWEEP_MS);
    this.sweepTimer.unref?.();
    this.core.attachments?.start();
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.core.attachments?.close();
    this.core.router.close();
    this.core.rooms.close();
    this.core.presence.close();
    this.announcer.close();
    this.expiryNotices.close();
  }

  verifyToken(token: string): Promise<Principal> {
    return verifyToken(this.core, token);
  }

  hasCommand(name: string): boolean {
    return resolveCommandName(name) !== undefined;
  }

  /** Count a call against its rate limits (per user when authenticated, per address otherwise). */
  async checkRateLimits(name: CommandName, ctx: CallContext): Promise<RateCheck> {
    const tier = COMMAND_META[name].tier;
    const result: RateCheck = { decision: null, refused: null, refusedTier: null };
    if (tier === "none") return result;
    const limits = this.core.options.rateLimits;
    const rules: Array<[RateTier, RateRule | false]> = [["general", limits.general]];
    if (tier === "auth") rules.push(["auth", limits.auth]);
    if (tier === "messages") rules.push(["messages", limits.messages]);
    if (tier === "room_creation") rules.push(["room_creation", limits.roomCreation]);
    const who = ctx.principal ? `u:${ctx.principal.userId}` : `a:${ctx.clientAddress}`;
    for (const [t, rule] of rules) {
      if (!rule) continue;
      const d = await this.deps.limiter.consume(`${t}:${who}`, rule);
      if (!d.allowed && !result.refused) {
        result.refused = d;
        result.refusedTier = t;
        this.core.metrics.rateLimited.inc({ tier: t });
      }
      if (!result.decision || d.remaining < result.decision.remaining) result.decision = d;
    }
    return result;
  }

  async execute(name: string, ctx: CallContext, input: unknown, options?: ExecuteOptions): Promise<unknown> {
    const command = resolveCommandName(name);
    if (!command)
      throw new LairError("unknown_message_type", {
        message: `Unknown command: ${String(name).slice(0, 64)}`,
      });
    const check = await this.checkRateLimits(command, ctx);
    if (check.refused) throw rateLimitedError(check.refused);
    return this.run(command, ctx, input, options);
  }

  /** `execute` without rate limits (the HTTP layer counts them itself, for its headers). */
  async run(name: CommandName, ctx: CallContext, input: unknown, options?: ExecuteOptions): Promise<unknown> {
    const started = performance.now();
    let outcome = "ok";
    try {
      const meta = COMMAND_META[name];
      if (meta.access !== "public") this.checkPrincipal(ctx);
      const parsed =
        options?.protocolChecked === true && PROTOCOL_CHECKED_INPUTS.has(name)
          ? input
          : parseInput(COMMAND_INPUTS[name], input);
      const handler = COMMAND_HANDLERS[name] as (
        core: EngineCore,
        ctx: CallContext,
        input: unknown,
      ) => Promise<unknown>;
      return await handler(this.core, ctx, parsed);
    } catch (error) {
      outcome = error instanceof LairError ? error.code : "internal_error";
      throw error;
    } finally {
      this.core.metrics.commands.observe(
        { command: name, transport: ctx.transport, outcome },
        (performance.now() - started) / 1000,
      );
    }
  }

  private checkPrincipal(ctx: CallContext): void {
    const p = ctx.principal;
    if (!p) throw new LairError("unauthorized");
    // A connection's principal was checked when it authenticated; revocation closes it, and
    // this refuses whatever arrives in between.
    if (this.core.router.isRevoked(p.sessionId)) throw new LairError("session_not_found");
    if (p.expiresAt <= this.core.now()) throw new LairError("token_expired");
  }

  async attachConnection(connection: ConnectionHandle): Promise<void> {
    const p = connection.principal;
    if (this.core.router.isRevoked(p.sessionId)) throw new LairError("session_not_found");
    if (!this.core.connections.add(connection)) return;
    this.core.metrics.connections.inc({ transport: connection.transport });
    this.core.metrics.connectionsOpened.inc({ transport: connection.transport });
    this.core.presence.connect(p.userId, p.username);
    this.core.metrics.onlineUsers.set(this.core.presence.localCount);
    this.expiryNotices.track(connection);
    // The arrival's audience is read before the connection's first command can change it.
    await this.announcer.settled();
  }

  detachConnection(connection: ConnectionHandle): void {
    if (!this.core.connections.remove(connection)) return;
    this.core.metrics.connections.dec({ transport: connection.transport });
    this.expiryNotices.untrack(connection);
    this.core.presence.disconnect(connection.principal.userId);
    this.core.metrics.onlineUsers.set(this.core.presence.localCount);
  }

  resume(
    connection: ConnectionHandle,
    since: Record<string, number>,
  ): Promise<Record<string, ResumeOutcome>> {
    if (typeof since !== "object" || since === null) throw new TypeError("since must be an object");
    return resume(this.core, connection, since);
  }
}

/** 429 `rate_limited` with `details.retry_after` in whole seconds. */
export function rateLimitedError(d: RateDecision): LairError {
  const retryAfter = Math.max(1, Math.ceil(d.retryAfterMs / 1000));
  return new LairError("rate_limited", { details: { retry_after: retryAfter, limit: d.limit } });
}
