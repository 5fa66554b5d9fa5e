/** State machine shared by the transports: forward-only states and a single `close` event. */
import { EventEmitter } from "eventemitter3";
import { LairError } from "../errors/lair-error.ts";
import type { Transport, TransportCloseInfo, TransportEvents, TransportState } from "./transport.ts";

export abstract class BaseTransport extends EventEmitter<TransportEvents> implements Transport {
  #state: TransportState;

  protected constructor(initial: "connecting" | "open") {
    super();
    this.#state = initial;
  }

  get readyState(): TransportState {
    return this.#state;
  }

  abstract get bufferedAmount(): number;
  abstract send(data: string): void;
  abstract close(code?: number, reason?: string): void;

  /** connecting → open, emitting `open`. */
  protected markOpen(): void {
    if (this.#state !== "connecting") return;
    this.#state = "open";
    this.emit("open");
  }

  /** → closing; false when already closing or closed. */
  protected markClosing(): boolean {
    if (this.#state === "closing" || this.#state === "closed") return false;
    this.#state = "closing";
    return true;
  }

  /** → closed, emitting `close` once. */
  protected markClosed(info: TransportCloseInfo): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.emit("close", info);
  }

  /** Argument and state checks every `send` starts with. */
  protected assertCanSend(data: unknown): asserts data is string {
    if (typeof data !== "string") throw new TypeError("data must be a string");
    if (this.#state === "connecting") {
      throw new LairError("invalid_state", { message: "Transport is not open yet" });
    }
    if (this.#state !== "open") throw new LairError("connection_closed");
  }
}
