/**
 * An in-process bus: server instances in one process that share a hub form a cluster, which
 * is how the multi-node behaviour is tested without Redis. A bus created without a hub has a
 * hub of its own (a single-node cluster, the default of `createLairServer`).
 */
import { LairBus, type LairBusOptions } from "./lair-bus.ts";

/** Connects the in-process buses created with it. */
export class InProcessHub {
  private readonly members = new Set<InProcessBus>();

  /** @internal */
  join(bus: InProcessBus): void {
    this.members.add(bus);
  }

  /** @internal */
  leave(bus: InProcessBus): void {
    this.members.delete(bus);
  }

  /** @internal Deliver to every other member, asynchronously and in call order. */
  deliver(from: InProcessBus, bytes: Uint8Array): void {
    for (const member of this.members) {
      if (member !== from) member.deliverLater(bytes.slice());
    }
  }

  /** Number of buses connected. */
  get size(): number {
    return this.members.size;
  }
}

export interface InProcessBusOptions extends LairBusOptions {
  /** The hub to join. @default a new hub (single node) */
  hub?: InProcessHub;
}

export class InProcessBus extends LairBus {
  private readonly hub: InProcessHub;
  private handler: ((bytes: Uint8Array) => void) | undefined;

  constructor(options: InProcessBusOptions = {}) {
    super(options);
    this.hub = options.hub ?? new InProcessHub();
  }

  /** Alone on its hub (a single node): envelopes would reach nobody, so none are encoded. */
  protected override hasListeners(): boolean {
    return this.hub.size > 1;
  }

  protected async publish(bytes: Uint8Array): Promise<void> {
    this.hub.deliver(this, bytes);
  }

  protected async subscribe(handler: (bytes: Uint8Array) => void): Promise<void> {
    this.handler = handler;
    this.hub.join(this);
  }

  protected async unsubscribe(): Promise<void> {
    this.hub.leave(this);
    this.handler = undefined;
  }

  /** @internal */
  deliverLater(bytes: Uint8Array): void {
    // A microtask keeps per-sender order while never re-entering the sender's call stack.
    queueMicrotask(() => this.handler?.(bytes));
  }
}

/** A shared hub for `createInProcessBus({ hub })`. */
export function createInProcessHub(): InProcessHub {
  return new InProcessHub();
}

/** An in-process bus; pass the same `hub` to several to make them one cluster. */
export function createInProcessBus(options: InProcessBusOptions = {}): InProcessBus {
  return new InProcessBus(options);
}
