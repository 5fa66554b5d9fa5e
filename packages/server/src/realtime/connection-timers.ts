/**
 * The three deadlines of a connection (Lair TCP.md, "Connection Timeout"): `client_hello` (and
 * the key exchange it asks for) within the handshake timeout of connecting, authentication
 * within the auth timeout of the handshake, and some frame at least every idle timeout. The
 * first two are fixed deadlines (pings do not extend them); the idle one restarts on every frame.
 */

export type TimeoutPhase = "handshake" | "auth" | "idle";

type Timer = ReturnType<typeof setTimeout>;

export class ConnectionTimers {
  readonly #onTimeout: (phase: TimeoutPhase) => void;
  #handshake: Timer | undefined;
  #auth: Timer | undefined;
  #idle: Timer | undefined;
  #grace: Timer | undefined;

  constructor(onTimeout: (phase: TimeoutPhase) => void) {
    this.#onTimeout = onTimeout;
  }

  startHandshake(ms: number): void {
    this.#handshake = this.#arm(ms, "handshake");
  }

  /** The handshake is done: its deadline ends and the authentication one starts. */
  startAuth(ms: number): void {
    this.#clear("handshake");
    this.#auth = this.#arm(ms, "auth");
  }

  /** Authenticated: only the idle deadline remains. */
  authenticated(): void {
    this.#clear("handshake");
    this.#clear("auth");
  }

  startIdle(ms: number): void {
    this.#idle = this.#arm(ms, "idle");
  }

  /** A frame arrived. */
  touch(): void {
    this.#idle?.refresh();
  }

  /** Run `fn` once after `ms` unless `clearAll` comes first (force-close of a stuck socket). */
  startGrace(ms: number, fn: () => void): void {
    if (this.#grace !== undefined) return;
    this.#grace = setTimeout(fn, ms);
    this.#grace.unref?.();
  }

  /** Stop the protocol deadlines (closing); the grace timer keeps running. */
  clearDeadlines(): void {
    this.#clear("handshake");
    this.#clear("auth");
    this.#clear("idle");
  }

  clearAll(): void {
    this.clearDeadlines();
    if (this.#grace !== undefined) clearTimeout(this.#grace);
    this.#grace = undefined;
  }

  #arm(ms: number, phase: TimeoutPhase): Timer {
    const timer = setTimeout(() => this.#onTimeout(phase), ms);
    // The socket keeps the process alive while the connection matters; a timer alone should not.
    timer.unref?.();
    return timer;
  }

  #clear(phase: TimeoutPhase): void {
    const timer = phase === "handshake" ? this.#handshake : phase === "auth" ? this.#auth : this.#idle;
    if (timer !== undefined) clearTimeout(timer);
    if (phase === "handshake") this.#handshake = undefined;
    else if (phase === "auth") this.#auth = undefined;
    else this.#idle = undefined;
  }
}
