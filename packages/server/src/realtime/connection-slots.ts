/**
 * Global and per-address connection caps. A slot is taken before any work is done for a new
 * socket (before the WebSocket upgrade completes, before `server_hello` on TCP) and given back
 * when the socket closes, so a flood of half-open connections counts against the caps too.
 */
import { LairError } from "@lair-chat/protocol";

/** A taken slot; `release` is idempotent. */
export interface ConnectionSlot {
  readonly address: string;
  release(): void;
}

export class ConnectionSlots {
  readonly #maxTotal: number;
  readonly #maxPerAddress: number;
  readonly #perAddress = new Map<string, number>();
  #total = 0;

  constructor(maxTotal: number, maxPerAddress: number) {
    this.#maxTotal = maxTotal;
    this.#maxPerAddress = maxPerAddress;
  }

  /** Slots in use. */
  get total(): number {
    return this.#total;
  }

  /** Slots in use by one address. */
  countFor(address: string): number {
    return this.#perAddress.get(address) ?? 0;
  }

  /** Take a slot for `address`, or throw LairError `connection_limit`. */
  take(address: string): ConnectionSlot {
    if (this.#total >= this.#maxTotal) {
      throw new LairError("connection_limit", {
        message: "The server has too many connections",
        details: { scope: "server" },
      });
    }
    const used = this.countFor(address);
    if (used >= this.#maxPerAddress) {
      throw new LairError("connection_limit", {
        message: "Too many connections from this address",
        details: { scope: "address" },
      });
    }
    this.#total += 1;
    this.#perAddress.set(address, used + 1);
    let released = false;
    return {
      address,
      release: () => {
        if (released) return;
        released = true;
        this.#total -= 1;
        const left = this.countFor(address) - 1;
        if (left <= 0) this.#perAddress.delete(address);
        else this.#perAddress.set(address, left);
      },
    };
  }
}
