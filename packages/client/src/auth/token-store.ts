/**
 * Where the client keeps its bearer token between calls and, with a persistent store, between
 * page loads. Memory is the default; `LocalStorageTokenStore` keeps a browser session across
 * reloads (anything with script access to the origin can read it, as with any web token).
 */

export interface TokenStore {
  get(): string | null | undefined | Promise<string | null | undefined>;
  set(token: string): void | Promise<void>;
  clear(): void | Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  #token: string | undefined;

  get(): string | undefined {
    return this.#token;
  }

  set(token: string): void {
    this.#token = token;
  }

  clear(): void {
    this.#token = undefined;
  }
}

export interface LocalStorageTokenStoreOptions {
  /** Storage key. @default "lair-chat:token" */
  key?: string;
  /** The Storage to use. @default globalThis.localStorage */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
}

export class LocalStorageTokenStore implements TokenStore {
  readonly #key: string;
  readonly #storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;

  constructor(options: LocalStorageTokenStoreOptions = {}) {
    const storage = options.storage ?? (globalThis as { localStorage?: Storage }).localStorage;
    if (!storage) throw new TypeError("options.storage is required where localStorage does not exist");
    this.#storage = storage;
    this.#key = options.key ?? "lair-chat:token";
  }

  get(): string | null {
    return this.#storage.getItem(this.#key);
  }

  set(token: string): void {
    this.#storage.setItem(this.#key, token);
  }

  clear(): void {
    this.#storage.removeItem(this.#key);
  }
}
