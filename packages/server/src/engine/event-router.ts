/**
 * Delivers events to the connections of their audience on every node, and carries session
 * revocations. Audiences are resolved to user ids on the node where the change commits, so a
 * receiving node needs no storage read; each node renders an event once per feature variant
 * and hands the same string to each recipient.
 */
import type { LairBus } from "../bus/lair-bus.ts";
import type { ServerMetrics } from "../metrics/server-metrics.ts";
import type { Logger } from "../options/logger.ts";
import type { ConnectionRegistry } from "./connection-registry.ts";
import type { ConnectionHandle } from "./engine-api.ts";
import { type LairEvent, renderEvent, variantOf } from "./lair-event.ts";

const EVENT = "event";
const REVOKE = "revoke";

interface EventMessage {
  event: LairEvent;
  /** User ids, or "*" for everyone connected. */
  users: string[] | "*";
}

interface RevokeMessage {
  sessionIds?: string[];
  userIds?: string[];
  code: "session_not_found" | "account_banned";
  message: string;
}

export class EventRouter {
  /** Sessions revoked recently, so commands on a connection about to close are refused. */
  private readonly revoked = new Map<string, number>();
  private readonly unsubscribers: Array<() => void>;

  constructor(
    private readonly bus: LairBus,
    private readonly connections: ConnectionRegistry,
    private readonly metrics: ServerMetrics,
    private readonly logger: Logger,
  ) {
    this.unsubscribers = [
      bus.onMessage(EVENT, (p) => {
        const m = p as EventMessage;
        if (m?.event && (m.users === "*" || Array.isArray(m.users))) this.deliverLocal(m.event, m.users);
      }),
      bus.onMessage(REVOKE, (p) => this.revokeLocal(p as RevokeMessage)),
    ];
  }

  /** Send an event to these users' connections on every node. */
  publish(event: LairEvent, userIds: Iterable<string>): void {
    const users = [...new Set(userIds)];
    if (users.length === 0) return;
    this.deliverLocal(event, users);
    this.bus.broadcast(EVENT, { event, users } satisfies EventMessage);
  }

  /** Send an event to every connection of the cluster. */
  publishToAll(event: LairEvent): void {
    this.deliverLocal(event, "*");
    this.bus.broadcast(EVENT, { event, users: "*" } satisfies EventMessage);
  }

  /** Close the connections of these sessions everywhere and refuse their commands meanwhile. */
  revokeSessions(
    sessionIds: string[],
    code: RevokeMessage["code"],
    message: string,
    exceptConnectionId?: string,
  ): void {
    if (sessionIds.length === 0) return;
    const msg: RevokeMessage = { sessionIds, code, message };
    // The connection that asked to log out is closed by its endpoint after the reply.
    this.revokeLocal(msg, exceptConnectionId);
    this.bus.broadcast(REVOKE, msg);
  }

  /** Close every connection of these users everywhere. */
  revokeUsers(userIds: string[], code: RevokeMessage["code"], message: string): void {
    const msg: RevokeMessage = { userIds, code, message };
    this.revokeLocal(msg);
    this.bus.broadcast(REVOKE, msg);
  }

  isRevoked(sessionId: string): boolean {
    return this.revoked.has(sessionId);
  }

  close(): void {
    for (const u of this.unsubscribers) u();
  }

  private deliverLocal(event: LairEvent, users: string[] | "*"): void {
    const rendered = new Map<number, string>();
    const send = (c: ConnectionHandle) => {
      const variant = variantOf(c.features);
      let json = rendered.get(variant);
      if (json === undefined) {
        json = renderEvent(event, variant);
        rendered.set(variant, json);
      }
      try {
        c.send(json);
        this.metrics.deliveries.inc();
      } catch (error) {
        this.logger.warn({ err: error, connection: c.id }, "event delivery failed");
      }
    };
    if (users === "*") {
      for (const c of [...this.connections.all()]) send(c);
      return;
    }
    for (const userId of users) for (const c of [...this.connections.forUser(userId)]) send(c);
  }

  private revokeLocal(msg: RevokeMessage, exceptConnectionId?: string): void {
    if (!msg || (msg.code !== "session_not_found" && msg.code !== "account_banned")) return;
    const now = Date.now();
    this.pruneRevoked(now);
    const targets: ConnectionHandle[] = [];
    for (const sid of msg.sessionIds ?? []) {
      this.revoked.set(sid, now);
      targets.push(...this.connections.forSession(sid));
    }
    for (const uid of msg.userIds ?? []) {
      for (const c of this.connections.forUser(uid)) {
        this.revoked.set(c.principal.sessionId, now);
        targets.push(c);
      }
    }
    for (const c of targets) {
      if (c.id === exceptConnectionId) continue;
      try {
        c.close(msg.code, String(msg.message));
      } catch (error) {
        this.logger.warn({ err: error, connection: c.id }, "closing a revoked connection failed");
      }
    }
  }

  private pruneRevoked(now: number): void {
    // Storage is the authority; this cache only covers the moment until sockets close.
    if (this.revoked.size < 1000) return;
    for (const [sid, at] of this.revoked) if (now - at > 60_000) this.revoked.delete(sid);
  }
}
