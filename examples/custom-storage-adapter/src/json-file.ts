/**
 * Saves the database as one JSON file: write a temporary file, then rename it over the old
 * one, so a crash leaves either the old or the new document, never half of one. Writes are
 * coalesced: a change waits for the first write that starts after it, and changes made while
 * a write runs share the next one.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { LairError } from "@lair-chat/protocol";

export class JsonFile {
  readonly path: string;
  #changes = 0;
  #written = 0;
  #writing: Promise<void> | null = null;
  #failure: unknown = null;

  constructor(path: string) {
    this.path = path;
  }

  /** The saved document, or `undefined` when there is no file yet. */
  async load(): Promise<unknown> {
    await mkdir(dirname(this.path), { recursive: true });
    try {
      return JSON.parse(await readFile(this.path, "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw unavailable(error);
    }
  }

  /** Record that the document changed and resolve once a write containing the change is on disk. */
  async save(snapshot: () => string): Promise<void> {
    this.assertHealthy();
    const change = ++this.#changes;
    while (this.#written < change) {
      this.#writing ??= this.#writeLatest(snapshot).finally(() => {
        this.#writing = null;
      });
      await this.#writing;
      this.assertHealthy();
    }
  }

  /** Wait for writes under way. */
  async settle(): Promise<void> {
    while (this.#writing) await this.#writing.catch(() => {});
  }

  /** After a failed write the file and memory disagree: refuse everything from then on. */
  assertHealthy(): void {
    if (this.#failure !== null) throw unavailable(this.#failure);
  }

  async #writeLatest(snapshot: () => string): Promise<void> {
    const upTo = this.#changes;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, snapshot());
      await rename(temporary, this.path);
      this.#written = upTo;
    } catch (error) {
      this.#failure = error;
    }
  }
}

function unavailable(cause: unknown): LairError {
  return new LairError("storage_unavailable", {
    message: "The database file cannot be read or written",
    cause,
  });
}
