/**
 * Delivers events to the connections of their audience on every node, and carries session
 * revocations. Audiences are resolved to user ids on the node where the change commits, so a
 * receiving node needs no storage read in the normal case; each node renders an event once
 * per feature variant and hands the same string to each recipient.
 *
 * Events of a conversation's log (message created, edited, deleted) carry their conversation
 * key and seq on the bus and go, local or remote, through a ConversationSequencer, which
 * restores seq order across nodes and fills holes from storage.
 */
import { parseConversationKey } from "@lair-chat/protocol";
import type { LairBus } from "../bus/lair-bus.ts";
import type { ServerMetrics } from "../metrics/server-metrics.ts";
import type { Logger } from "../options/logger.ts";
import type { Storage } from "../storage/storage.ts";
import type { ConnectionRegistry } from "./connection-registry.ts";
import { type BackfilledDelivery, ConversationSequencer } from "./conversation-sequencer.ts";
import type { ConnectionHandle } from "./engine-api.ts";
import { conversationOfEvent } from "./event-conversation.ts";
import { type LairEvent, renderEvent, variantOf } from "./lair-event.ts";
import { OutboundFrame } from "./outbound-frame.ts";
import { eventOfLogEntry } from "./resume.ts";

const EVENT = "event";
const EVENTS = "events";
const REVOKE = "revoke";

interface EventMessage {
  event: LairEvent;
  /** User ids, or "*" for everyone connected. */
  users: string[] | "*";
  /** Conversation key, on events of a conversation's log. */
  conv?: string;
  /** The event's log seq in `conv`. */
  seq?: number;
}

interface EventBatchMessage {
  items: EventMessage[];
}

export interface EventRouterOptions {
  bus: LairBus;
  connections: ConnectionRegistry;
  metrics: ServerMetrics;
  logger: Logger;
  /** Where holes in a conversation's events are read from. */
  storage: Storage;
  /** How long an event waits for a missing predecessor before storage fills the hole. @default 250 */
  eventHoldMs?: number;
  /** Events held per conversation before the hole is filled at once. @default 1000 */
  maxHeldEvents?: number;
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
  private readonly bus: LairBus;
  private readonly connections: ConnectionRegistry;
  private readonly metrics: ServerMetrics;
  private readonly logger: Logger;
  private readonly storage: Storage;
  /** Per-conversation seq order across nodes. */
  readonly sequencer: ConversationSequencer;

  constructor(options: EventRouterOptions) {
    const { bus } = options;
    this.bus = bus;
    this.connections = options.connections;
    this.metrics = options.metrics;
    this.logger = options.logger;
    this.storage = options.storage;
    this.sequencer = new ConversationSequencer({
      ...(options.eventHoldMs === undefined ? {} : { holdMs: options.eventHoldMs }),
      ...(options.maxHeldEvents === undefined ? {} : { maxHeld: options.maxHeldEvents }),
      deliver: (event, users) => this.deliverLocal(event, users),
      hasLocalAudience: (users) => users.some((u) => this.connections.forUser(u).size > 0),
      clustered: () => this.bus.nodes().length > 0,
      backfill: (conv, after, limit) => this.backfill(conv, after, limit),
      onError: (error, conv) => this.logger.warn({ err: error, conversation: conv }, "event backfill failed"),
    });
    this.unsubscribers = [
      bus.onMessage(EVENT, (p) => this.receive(p as EventMessage)),
      bus.onMessage(EVENTS, (p) => {
        const items = (p as EventBatchMessage | undefined)?.items;
        if (Array.isArray(items)) for (const m of items) this.receive(m);
      }),
      bus.onMessage(REVOKE, (p) => this.revokeLocal(p as RevokeMessage)),
      bus.onSubscriptionLost(() => this.sequencer.subscriptionLost()),
      bus.onResubscribed(() => {
        this.sequencer.recover().catch((error: unknown) => {
          this.logger.warn({ err: error }, "event recovery after resubscription failed");
        });
      }),
    ];
  }

  /** Send an event to these users' connections on every node. */
  publish(event: LairEvent, userIds: Iterable<string>): void {
    const m = this.message(event, userIds);
    if (!m) return;
    this.route(m);
    this.bus.broadcast(EVENT, m);
  }

  /** Several `publish` calls as one bus message (presence changes of one tick). */
  publishMany(items: Iterable<{ event: LairEvent; users: Iterable<string> }>): void {
    const batch: EventMessage[] = [];
    for (const item of items) {
      const m = this.message(item.event, item.users);
      if (m) batch.push(m);
    }
    if (batch.length === 0) return;
    for (const m of batch) this.route(m);
    if (batch.length === 1) this.bus.broadcast(EVENT, batch[0]);
    else this.bus.broadcast(EVENTS, { items: batch } satisfies EventBatchMessage);
  }

  /** Send an event to the connections of one session on this node only (e.g. `session_expiring`). */
  deliverToSession(sessionId: string, event: LairEvent): void {
    this.deliverTo(this.connections.forSession(sessionId), event);
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
    this.sequencer.close();
  }

  private message(event: LairEvent, userIds: Iterable<string>): EventMessage | undefined {
    const users = [...new Set(userIds)];
    if (users.length === 0) return undefined;
    const conv = conversationOfEvent(event, users);
    const seq = event.ext?.seq;
    return conv !== undefined && seq !== undefined ? { event, users, conv, seq } : { event, users };
  }

  private receive(m: EventMessage | undefined): void {
    if (!m?.event || typeof m.event.type !== "string") return;
    if (m.users !== "*" && !Array.isArray(m.users)) return;
    this.route(m);
  }

  private route(m: EventMessage): void {
    if (m.users !== "*" && typeof m.conv === "string" && Number.isSafeInteger(m.seq) && (m.seq ?? 0) > 0) {
      this.sequencer.push(m.conv, m.seq as number, m.event, m.users);
      return;
    }
    this.deliverLocal(m.event, m.users);
  }

  /** A conversation's log after `afterSeq` as the events it stands for, with today's audience. */
  private async backfill(conv: string, afterSeq: number, limit: number): Promise<BackfilledDelivery[]> {
    const parsed = parseConversationKey(conv);
    if (!parsed) return [];
    const entries = await this.storage.readLog(conv, afterSeq, limit);
    if (entries.length === 0) return [];
    const users =
      parsed.type === "dm" ? [...new Set(parsed.userIds)] : await this.storage.listMemberIds(parsed.roomId);
    const names = new Map<string, string>();
    const out: BackfilledDelivery[] = [];
    for (const entry of entries) {
      const authorId = entry.message.authorId;
      let name = names.get(authorId);
      if (name === undefined) {
        name = (await this.storage.getUser(authorId))?.username ?? "";
        names.set(authorId, name);
      }
      out.push({ seq: entry.seq, event: eventOfLogEntry(entry, name), users });
    }
    return out;
  }

  private deliverLocal(event: LairEvent, users: readonly string[] | "*"): void {
    if (users === "*") {
      this.deliverTo([...this.connections.all()], event);
      return;
    }
    if (users.length === 1) {
      this.deliverTo(this.connections.forUser(users[0] as string), event);
      return;
    }
    const targets: ConnectionHandle[] = [];
    for (const userId of users) for (const c of this.connections.forUser(userId)) targets.push(c);
    this.deliverTo(targets, event);
  }

  /** Render once per feature variant; every recipient of a variant gets the same encoded frame. */
  private deliverTo(targets: Iterable<ConnectionHandle>, event: LairEvent): void {
    const rendered: Array<OutboundFrame | undefined> = [];
    let delivered = 0;
    // A copy: a failing send may close its connection, which leaves the registry's sets.
    for (const c of Array.isArray(targets) ? targets : [...targets]) {
      const variant = variantOf(c.features);
      let frame = rendered[variant];
      if (frame === undefined) {
        frame = new OutboundFrame(renderEvent(event, variant));
        rendered[variant] = frame;
      }
      try {
        if (c.sendFrame !== undefined) c.sendFrame(frame);
        else c.send(frame.text);
        delivered++;
      } catch (error) {
        this.logger.warn({ err: error, connection: c.id }, "event delivery failed");
      }
    }
    if (delivered > 0) this.metrics.deliveries.inc(delivered);
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
