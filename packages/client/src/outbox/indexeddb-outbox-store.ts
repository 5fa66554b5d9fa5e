/** An OutboxStore on IndexedDB: asynchronous and roomier than localStorage, for browsers. */
import { isOutboxEntry, type OutboxEntry, type OutboxStore } from "./outbox-store.ts";

export interface IndexedDbOutboxStoreOptions {
  /** Database name. @default "lair-chat" */
  databaseName?: string;
  /** Object store name inside the database. @default "outbox" */
  storeName?: string;
  /** The IDBFactory to use. @default globalThis.indexedDB */
  indexedDB?: IDBFactory;
}

export class IndexedDbOutboxStore implements OutboxStore {
  readonly #factory: IDBFactory;
  readonly #databaseName: string;
  readonly #storeName: string;
  #db: Promise<IDBDatabase> | undefined;

  constructor(options: IndexedDbOutboxStoreOptions = {}) {
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!factory) throw new TypeError("options.indexedDB is required where indexedDB does not exist");
    this.#factory = factory;
    this.#databaseName = options.databaseName ?? "lair-chat";
    this.#storeName = options.storeName ?? "outbox";
  }

  async load(): Promise<OutboxEntry[]> {
    const all = await this.#run("readonly", (store) => store.getAll());
    return (all as unknown[]).filter(isOutboxEntry);
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.#run("readwrite", (store) => store.put(entry));
  }

  async delete(clientMessageId: string): Promise<void> {
    await this.#run("readwrite", (store) => store.delete(clientMessageId));
  }

  /** Close the database connection. */
  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    if (db) (await db).close();
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise((resolve, reject) => {
      const request = this.#factory.open(this.#databaseName, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(this.#storeName, { keyPath: "clientMessageId" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    return this.#db;
  }

  /** One request in its own transaction; resolves when the transaction commits (durable). */
  async #run(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    const db = await this.#open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(this.#storeName, mode);
      const request = action(tx.objectStore(this.#storeName));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
}
