/** An OutboxStore on Web Storage (`localStorage`): small, synchronous, survives page reloads. */
import { isOutboxEntry, type OutboxEntry, type OutboxStore } from "./outbox-store.ts";

export interface LocalStorageOutboxStoreOptions {
  /** Storage key holding the JSON array of entries. @default "lair-chat:outbox" */
  key?: string;
  /** The Storage to use (tests pass their own). @default globalThis.localStorage */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
}

export class LocalStorageOutboxStore implements OutboxStore {
  readonly #key: string;
  readonly #storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;

  constructor(options: LocalStorageOutboxStoreOptions = {}) {
    const storage = options.storage ?? (globalThis as { localStorage?: Storage }).localStorage;
    if (!storage) throw new TypeError("options.storage is required where localStorage does not exist");
    this.#storage = storage;
    this.#key = options.key ?? "lair-chat:outbox";
  }

  async load(): Promise<OutboxEntry[]> {
    return this.#read();
  }

  async put(entry: OutboxEntry): Promise<void> {
    const entries = this.#read().filter((e) => e.clientMessageId !== entry.clientMessageId);
    entries.push(entry);
    this.#write(entries);
  }

  async delete(clientMessageId: string): Promise<void> {
    const entries = this.#read();
    const kept = entries.filter((e) => e.clientMessageId !== clientMessageId);
    if (kept.length !== entries.length) this.#write(kept);
  }

  #read(): OutboxEntry[] {
    const text = this.#storage.getItem(this.#key);
    if (text === null) return [];
    try {
      const value: unknown = JSON.parse(text);
      // Another tab or an older version may have written junk; keep what is usable.
      return Array.isArray(value) ? value.filter(isOutboxEntry) : [];
    } catch {
      return [];
    }
  }

  #write(entries: OutboxEntry[]): void {
    if (entries.length === 0) this.#storage.removeItem(this.#key);
    else this.#storage.setItem(this.#key, JSON.stringify(entries));
  }
}
