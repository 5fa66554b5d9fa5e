/**
 * The Redis transport of the server bus: one pub/sub channel per cluster. `LairBus` (in
 * @lair-chat/server) owns the message format, heartbeats and request correlation; this class
 * only moves bytes, publishing on one connection (so a node's messages keep their order) and
 * receiving on a duplicate of it (a subscribed Redis connection can do nothing else).
 *
 * Redis pub/sub is fire-and-forget: while the subscription is down, messages are lost. The
 * bus reports that through `onSubscriptionLost` / `onResubscribed` (see docs/scaling.md).
 */
import { LairBus, type LairBusOptions } from "@lair-chat/server";
import {
  checkKeyPrefix,
  type RedisClientLike,
  type RedisSource,
  resolveConnection,
} from "./redis-connection.ts";

export interface RedisBusOptions extends LairBusOptions, RedisSource {
  /**
   * Prefix of the channel name (`<keyPrefix>bus`), so several clusters can share one Redis.
   * @default "lair:"
   */
  keyPrefix?: string;
  /** How long `close()` waits for its goodbye to be published when Redis is unreachable. @default 1000 */
  closeTimeoutMs?: number;
  /** Called with errors of the connections the bus watches (they reconnect by themselves). @default ignore them */
  onError?: (error: Error) => void;
}

const WHO = "createRedisBus";

export class RedisBus extends LairBus {
  /** The pub/sub channel this cluster uses. */
  readonly channel: string;
  /** The client name of the subscriber connection (in `CLIENT LIST`): `lair-bus:<nodeId>`. */
  readonly subscriberName: string;
  private readonly channelBytes: Buffer;
  private readonly pub: RedisClientLike;
  private readonly ownsPub: boolean;
  private readonly closeTimeoutMs: number;
  private readonly onError: (error: Error) => void;
  private sub: RedisClientLike | undefined;
  private subscribed = false;
  private lostAt: number | undefined;
  private closing = false;

  constructor(options: RedisBusOptions = {}) {
    super(options);
    const prefix = checkKeyPrefix(options.keyPrefix ?? "lair:", WHO);
    this.channel = `${prefix}bus`;
    this.channelBytes = Buffer.from(this.channel);
    this.subscriberName = `lair-bus:${this.nodeId.replace(/[^\x21-\x7e]/g, "_")}`;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 1000;
    if (!Number.isFinite(this.closeTimeoutMs) || this.closeTimeoutMs < 0) {
      throw new RangeError(`${WHO}: options.closeTimeoutMs must be a non-negative number`);
    }
    this.onError = options.onError ?? (() => {});
    const { client, owned } = resolveConnection(options, WHO);
    this.pub = client;
    this.ownsPub = owned;
    // ioredis prints unhandled "error" events; the connection we own reports through onError.
    if (owned) this.pub.on("error", this.forwardError);
  }

  /** Whether the subscription is currently up. */
  get receiving(): boolean {
    return this.subscribed && this.lostAt === undefined && !this.closing;
  }

  override async close(): Promise<void> {
    this.closing = true;
    await super.close();
  }

  protected async publish(bytes: Uint8Array): Promise<void> {
    const sent = this.pub.publish(
      this.channel,
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    if (!this.closing) {
      await sent;
      return;
    }
    // The goodbye: not worth hanging `close()` on when Redis is away (peers time us out instead).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.closeTimeoutMs);
    });
    await Promise.race([sent.then(() => {}), timeout]).finally(() => clearTimeout(timer));
  }

  protected async subscribe(handler: (bytes: Uint8Array) => void): Promise<void> {
    // Resubscription is ours, not ioredis's, so we know when it completed and can report it.
    const sub = this.pub.duplicate({
      autoResubscribe: false,
      lazyConnect: false,
      connectionName: this.subscriberName,
    });
    this.sub = sub;
    sub.on("error", this.forwardError);
    sub.on("messageBuffer", (channel, message) => {
      if (!(message instanceof Uint8Array) || !this.channelBytes.equals(channel as Uint8Array)) return;
      handler(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
    });
    sub.on("close", () => this.subscriptionDropped());
    sub.on("ready", () => this.resubscribe(sub));
    await sub.subscribe(this.channel);
    this.subscribed = true;
  }

  protected async unsubscribe(): Promise<void> {
    this.subscribed = false;
    this.sub?.disconnect();
    this.sub = undefined;
    // Every publish before the goodbye has been answered by now, so nothing queued is cut off.
    if (this.ownsPub) this.pub.disconnect();
  }

  private readonly forwardError = (error: unknown): void => {
    this.onError(error instanceof Error ? error : new Error(String(error)));
  };

  private subscriptionDropped(): void {
    if (!this.subscribed || this.closing || this.lostAt !== undefined) return;
    this.lostAt = Date.now();
    this.reportSubscriptionLost();
  }

  private resubscribe(sub: RedisClientLike): void {
    if (this.lostAt === undefined || this.closing || sub !== this.sub) return;
    sub.subscribe(this.channel).then(
      () => {
        if (this.lostAt === undefined || this.closing) return;
        const downtimeMs = Date.now() - this.lostAt;
        this.lostAt = undefined;
        this.reportResubscribed({ downtimeMs });
      },
      // The connection dropped again; the next "ready" retries.
      this.forwardError,
    );
  }
}

/** A bus over Redis pub/sub. Call `start()` (the server does) before use. */
export function createRedisBus(options: RedisBusOptions = {}): RedisBus {
  return new RedisBus(options);
}
