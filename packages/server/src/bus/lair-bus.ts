/**
 * The event bus between server nodes. This base class owns the inter-node protocol — the
 * envelope, node liveness through heartbeats, and request/response correlation — so a concrete
 * bus (in-process here, Redis in @lair-chat/bus-redis) only moves bytes: it implements
 * `publish` and `subscribe`. Modelled on socket.io's ClusterAdapter.
 *
 * Messages from a node reach every other node (never itself: the sender handles its own share
 * locally) in the order it sent them.
 */
import { randomUUID } from "node:crypto";
import { type BusEnvelope, decodeEnvelope, encodeEnvelope } from "./bus-envelope.ts";

export type { BusEnvelope } from "./bus-envelope.ts";

export interface LairBusOptions {
  /** This node's id. @default a random UUID */
  nodeId?: string;
  /** Interval between heartbeats. @default 5000 */
  heartbeatMs?: number;
  /** A node not heard from for this long is considered gone. @default 15_000 */
  nodeTimeoutMs?: number;
  /** How long `request` waits for answers. @default 2000 */
  requestTimeoutMs?: number;
}

/** One answer to a `request`. */
export interface BusReply {
  node: string;
  payload: unknown;
}

type MessageHandler = (payload: unknown, fromNode: string) => void;
type RequestHandler = (payload: unknown, fromNode: string) => Promise<unknown> | unknown;
type NodeHandler = (nodeId: string) => void;

/** What `onResubscribed` handlers learn about the outage. */
export interface ResubscribeInfo {
  /** How long this node was not receiving, in ms. */
  downtimeMs: number;
}

interface PendingRequest {
  expected: Set<string>;
  replies: BusReply[];
  resolve: (replies: BusReply[]) => void;
  timer: ReturnType<typeof setTimeout>;
}

const HEARTBEAT = "__heartbeat";
const BYE = "__bye";
const RESPONSE = "__response";

export abstract class LairBus {
  readonly nodeId: string;
  /** Interval between this node's heartbeats. */
  readonly heartbeatMs: number;
  /** Silence after which another node is considered gone. */
  readonly nodeTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly messageHandlers = new Map<string, Set<MessageHandler>>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly nodeUpHandlers = new Set<NodeHandler>();
  private readonly nodeDownHandlers = new Set<NodeHandler>();
  private readonly lostHandlers = new Set<() => void>();
  private readonly resubscribedHandlers = new Set<(info: ResubscribeInfo) => void>();
  private readonly lastSeen = new Map<string, number>();
  private readonly pending = new Map<string, PendingRequest>();
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private started = false;
  private closed = false;

  constructor(options: LairBusOptions = {}) {
    this.nodeId = options.nodeId ?? randomUUID();
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.nodeTimeoutMs = options.nodeTimeoutMs ?? 15_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 2000;
    if (this.heartbeatMs <= 0) throw new RangeError("heartbeatMs must be positive");
    if (this.nodeTimeoutMs <= this.heartbeatMs) throw new RangeError("nodeTimeoutMs must exceed heartbeatMs");
  }

  /** Send bytes to every other node. Implementations must keep the order of calls. */
  protected abstract publish(bytes: Uint8Array): Promise<void>;
  /** Start receiving bytes published by other nodes. */
  protected abstract subscribe(handler: (bytes: Uint8Array) => void): Promise<void>;
  /** Stop receiving and release the transport. */
  protected abstract unsubscribe(): Promise<void>;

  /** Connect and announce this node. Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.subscribe((bytes) => this.receive(bytes));
    this.send({ v: 1, node: this.nodeId, type: HEARTBEAT });
    this.heartbeatTimer = setInterval(() => this.tick(), this.heartbeatMs);
    this.heartbeatTimer.unref?.();
  }

  /** Say goodbye and disconnect. Pending requests resolve with what they have. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.started) {
      await this.publish(encodeEnvelope({ v: 1, node: this.nodeId, type: BYE })).catch(() => {});
      await this.unsubscribe();
    }
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(p.replies);
      this.pending.delete(id);
    }
  }

  /** Send a message of `type` to every other node. */
  broadcast(type: string, payload: unknown): void {
    if (type.startsWith("__")) throw new RangeError(`type "${type}" is reserved`);
    this.send({ v: 1, node: this.nodeId, type, payload });
  }

  /** Handle messages of `type` from other nodes; returns a function that removes the handler. */
  onMessage(type: string, handler: MessageHandler): () => void {
    let set = this.messageHandlers.get(type);
    if (!set) {
      set = new Set();
      this.messageHandlers.set(type, set);
    }
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Answer requests of `type` (one handler per type). */
  onRequest(type: string, handler: RequestHandler): void {
    this.requestHandlers.set(type, handler);
  }

  /**
   * Ask every live node and collect the answers; resolves when all nodes known at the time of
   * the call have answered, or at the timeout with the answers received so far.
   */
  request(type: string, payload: unknown, timeoutMs = this.requestTimeoutMs): Promise<BusReply[]> {
    const expected = new Set(this.nodes());
    if (expected.size === 0 || this.closed) return Promise.resolve([]);
    const req = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(req);
        resolve(entry.replies);
      }, timeoutMs);
      timer.unref?.();
      const entry: PendingRequest = { expected, replies: [], resolve, timer };
      this.pending.set(req, entry);
      this.send({ v: 1, node: this.nodeId, type, payload, req });
    });
  }

  /** Other nodes heard from recently. */
  nodes(): string[] {
    return [...this.lastSeen.keys()];
  }

  /** Called when a node is first heard from. */
  onNodeUp(handler: NodeHandler): () => void {
    this.nodeUpHandlers.add(handler);
    return () => this.nodeUpHandlers.delete(handler);
  }

  /** Called when a node says goodbye or misses its heartbeats. */
  onNodeDown(handler: NodeHandler): () => void {
    this.nodeDownHandlers.add(handler);
    return () => this.nodeDownHandlers.delete(handler);
  }

  /**
   * Called when the transport stops delivering to this node (e.g. the Redis subscription
   * dropped). Messages other nodes publish from now until `onResubscribed` may be lost.
   */
  onSubscriptionLost(handler: () => void): () => void {
    this.lostHandlers.add(handler);
    return () => this.lostHandlers.delete(handler);
  }

  /**
   * Called when delivery resumes after `onSubscriptionLost`. The bus holds nothing durable, so
   * whatever was published meanwhile is gone: catch up from storage (seq holes).
   */
  onResubscribed(handler: (info: ResubscribeInfo) => void): () => void {
    this.resubscribedHandlers.add(handler);
    return () => this.resubscribedHandlers.delete(handler);
  }

  /** For implementations: the transport stopped delivering. */
  protected reportSubscriptionLost(): void {
    if (this.closed) return;
    for (const h of this.lostHandlers) h();
  }

  /** For implementations: the transport delivers again after `reportSubscriptionLost`. */
  protected reportResubscribed(info: ResubscribeInfo): void {
    if (this.closed) return;
    // Peers may have timed us out meanwhile; a heartbeat now makes them see us again at once.
    this.send({ v: 1, node: this.nodeId, type: HEARTBEAT });
    for (const h of this.resubscribedHandlers) h(info);
  }

  /**
   * For implementations that can tell: false when nobody else could receive a publish now
   * (then nothing is encoded or published). @default true
   */
  protected hasListeners(): boolean {
    return true;
  }

  private send(envelope: BusEnvelope): void {
    if (this.closed || !this.started || !this.hasListeners()) return;
    this.publish(encodeEnvelope(envelope)).catch(() => {
      // A lost publish shows up as a missed heartbeat on the other side; nothing to do here.
    });
  }

  private tick(): void {
    this.send({ v: 1, node: this.nodeId, type: HEARTBEAT });
    const cutoff = Date.now() - this.nodeTimeoutMs;
    for (const [node, seen] of this.lastSeen) {
      if (seen < cutoff) this.nodeGone(node);
    }
  }

  private nodeGone(node: string): void {
    if (!this.lastSeen.delete(node)) return;
    for (const p of this.pending.values()) {
      p.expected.delete(node);
    }
    for (const [id, p] of this.pending) this.settleIfDone(id, p);
    for (const h of this.nodeDownHandlers) h(node);
  }

  private receive(bytes: Uint8Array): void {
    const envelope = decodeEnvelope(bytes);
    if (!envelope || envelope.node === this.nodeId || this.closed) return;
    const { node, type } = envelope;
    if (type === BYE) {
      this.nodeGone(node);
      return;
    }
    const known = this.lastSeen.has(node);
    this.lastSeen.set(node, Date.now());
    if (!known) {
      for (const h of this.nodeUpHandlers) h(node);
      // Answer a newcomer's heartbeat at once so it learns about us without waiting a period.
      if (type === HEARTBEAT) this.send({ v: 1, node: this.nodeId, type: HEARTBEAT });
    }
    if (type === HEARTBEAT) return;
    if (type === RESPONSE) {
      if (envelope.to !== this.nodeId || !envelope.req) return;
      const p = this.pending.get(envelope.req);
      if (!p) return;
      p.replies.push({ node, payload: envelope.payload });
      p.expected.delete(node);
      this.settleIfDone(envelope.req, p);
      return;
    }
    if (envelope.req) {
      const handler = this.requestHandlers.get(type);
      if (!handler) return;
      const req = envelope.req;
      Promise.resolve()
        .then(() => handler(envelope.payload, node))
        .then(
          (payload) => this.send({ v: 1, node: this.nodeId, type: RESPONSE, req, to: node, payload }),
          () => this.send({ v: 1, node: this.nodeId, type: RESPONSE, req, to: node, payload: null }),
        );
      return;
    }
    const handlers = this.messageHandlers.get(type);
    if (handlers) for (const h of handlers) h(envelope.payload, node);
  }

  private settleIfDone(id: string, p: PendingRequest): void {
    if (p.expected.size > 0) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    p.resolve(p.replies);
  }
}
