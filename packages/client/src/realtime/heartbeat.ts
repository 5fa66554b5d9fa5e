/**
 * Keepalive and dead-connection detection: a `ping` every `interval` ms; when nothing at all has
 * been received for `interval + timeout` ms the connection is declared dead, because a half-open
 * TCP connection (a laptop lid closed, a NAT entry dropped) never reports a close by itself.
 */

export interface HeartbeatOptions {
  /** Time between pings, in ms. @default 30000 */
  interval: number;
  /** Extra silence tolerated after a ping before declaring the connection dead, in ms. @default 10000 */
  timeout: number;
  /** Send a ping. */
  ping: () => void;
  /** The connection is dead; close it (the reconnect logic takes over). */
  onDead: () => void;
}

export class Heartbeat {
  readonly #options: HeartbeatOptions;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #deadTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: HeartbeatOptions) {
    if (!(options.interval > 0)) throw new RangeError("heartbeatInterval must be positive");
    if (!(options.timeout > 0)) throw new RangeError("heartbeatTimeout must be positive");
    this.#options = options;
  }

  start(): void {
    this.stop();
    this.#pingTimer = setInterval(() => this.#options.ping(), this.#options.interval);
    this.received();
  }

  /** Anything arrived: the peer is alive. */
  received(): void {
    if (this.#pingTimer === undefined) return;
    clearTimeout(this.#deadTimer);
    this.#deadTimer = setTimeout(() => {
      this.stop();
      this.#options.onDead();
    }, this.#options.interval + this.#options.timeout);
  }

  stop(): void {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#deadTimer);
    this.#pingTimer = undefined;
    this.#deadTimer = undefined;
  }
}
