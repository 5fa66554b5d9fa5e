/**
 * Two transports joined in memory, for tests of code that speaks over a Transport. Delivery
 * is asynchronous (a microtask per message, in order), like a real socket, so code that only
 * works when the peer answers synchronously fails here too.
 */
import { BaseTransport } from "./base-transport.ts";
import { CLOSE_CODES, checkCloseArgs } from "./close-codes.ts";
import type { TransportCloseInfo } from "./transport.ts";

export class MemoryTransport extends BaseTransport {
  #peer: MemoryTransport | undefined;

  /** Use `createMemoryTransportPair`. */
  constructor() {
    super("open");
  }

  /** Always 0: messages are handed over without a network buffer. */
  get bufferedAmount(): number {
    return 0;
  }

  send(data: string): void {
    this.assertCanSend(data);
    const peer = this.#peer;
    queueMicrotask(() => {
      if (peer?.readyState === "open") peer.emit("message", data);
    });
  }

  close(code: number = CLOSE_CODES.NORMAL, reason = ""): void {
    checkCloseArgs(code, reason);
    this.#shutdown({ code, reason, wasClean: true });
  }

  /** Drop the connection without a close handshake: both sides see 1006, not clean. */
  terminate(): void {
    this.#shutdown({ code: CLOSE_CODES.ABNORMAL, reason: "", wasClean: false });
  }

  /** @internal */
  link(peer: MemoryTransport): void {
    this.#peer = peer;
  }

  #shutdown(info: TransportCloseInfo): void {
    if (!this.markClosing()) return;
    const peer = this.#peer;
    // Queued after any message already sent, so the peer reads them before the close.
    queueMicrotask(() => {
      if (peer?.markClosing()) peer.markClosed(info);
      this.markClosed(info);
    });
  }
}

/** Two connected, already-open transports: what one sends, the other receives. */
export function createMemoryTransportPair(): [MemoryTransport, MemoryTransport] {
  const a = new MemoryTransport();
  const b = new MemoryTransport();
  a.link(b);
  b.link(a);
  return [a, b];
}
