/**
 * An OutboxStore in one JSON file, for Node (exported only from `@lair-chat/client/node`).
 * Every change writes a temporary file, fsyncs it and renames it over the old one, so a crash
 * at any instant leaves either the old or the new queue, never a torn file.
 */
import { open, readFile, rename } from "node:fs/promises";
import { isOutboxEntry, type OutboxEntry, type OutboxStore } from "./outbox-store.ts";

export interface FileOutboxStoreOptions {
  /** Path of the JSON file (created on first write; its directory must exist). */
  path: string;
}

export class FileOutboxStore implements OutboxStore {
  readonly path: string;
  #entries: Map<string, OutboxEntry> | undefined;
  /** Writes run one after another so a later state never lands before an earlier one. */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: FileOutboxStoreOptions) {
    if (typeof options?.path !== "string" || options.path === "") {
      throw new TypeError("options.path must be a non-empty string");
    }
    this.path = options.path;
  }

  async load(): Promise<OutboxEntry[]> {
    return [...(await this.#cache()).values()].map((entry) => structuredClone(entry));
  }

  put(entry: OutboxEntry): Promise<void> {
    return this.#mutate((entries) => entries.set(entry.clientMessageId, structuredClone(entry)));
  }

  delete(clientMessageId: string): Promise<void> {
    return this.#mutate((entries) => entries.delete(clientMessageId));
  }

  async #cache(): Promise<Map<string, OutboxEntry>> {
    if (this.#entries) return this.#entries;
    let parsed: unknown = [];
    try {
      parsed = JSON.parse(await readFile(this.path, "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
    }
    const entries = new Map<string, OutboxEntry>();
    if (Array.isArray(parsed)) {
      for (const item of parsed) if (isOutboxEntry(item)) entries.set(item.clientMessageId, item);
    }
    this.#entries ??= entries;
    return this.#entries;
  }

  #mutate(change: (entries: Map<string, OutboxEntry>) => void): Promise<void> {
    const run = this.#queue.then(async () => {
      const entries = await this.#cache();
      change(entries);
      await this.#write([...entries.values()]);
    });
    // A failed write must not wedge every later one; the caller still sees its own failure.
    this.#queue = run.catch(() => {});
    return run;
  }

  async #write(entries: OutboxEntry[]): Promise<void> {
    const temporary = `${this.path}.${process.pid}.tmp`;
    const handle = await open(temporary, "w");
    try {
      await handle.writeFile(JSON.stringify(entries));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, this.path);
  }
}
