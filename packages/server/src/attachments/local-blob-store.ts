/**
 * A `BlobStore` in a local directory: `<directory>/<key[0..2]>/<key>`. Writes go to a temp
 * file in `<directory>/tmp` and are renamed into place when complete, so a reader never sees a
 * half-written blob and a failed upload leaves nothing behind but a temp file that is removed.
 */
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat, unlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type BlobRange, type BlobStat, type BlobStore, checkBlobKey, checkBlobRange } from "./blob-store.ts";

export interface LocalBlobStoreOptions {
  /** The directory blobs live in; created when missing. Required. */
  directory: string;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

export class LocalBlobStore implements BlobStore {
  readonly directory: string;

  constructor(options: LocalBlobStoreOptions) {
    if (!options || typeof options.directory !== "string" || options.directory === "") {
      throw new TypeError("options.directory must be a non-empty string");
    }
    this.directory = resolve(options.directory);
  }

  private pathOf(key: string): string {
    checkBlobKey(key);
    return join(this.directory, key.slice(0, 2), key);
  }

  async put(key: string, source: AsyncIterable<Uint8Array>): Promise<BlobStat> {
    const final = this.pathOf(key);
    const tmpDir = join(this.directory, "tmp");
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${key}.${randomUUID()}.part`);
    let size = 0;
    async function* counted() {
      for await (const chunk of source) {
        size += chunk.byteLength;
        yield chunk;
      }
    }
    try {
      await pipeline(counted, createWriteStream(tmp, { flags: "wx" }));
      await mkdir(join(this.directory, key.slice(0, 2)), { recursive: true });
      await rename(tmp, final);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return { size };
  }

  async get(key: string, range?: BlobRange): Promise<Readable | null> {
    checkBlobRange(range);
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    try {
      const info = await stat(this.pathOf(key));
      return { size: info.size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }
}

/** A blob store in `options.directory`. */
export function createLocalBlobStore(options: LocalBlobStoreOptions): LocalBlobStore {
  return new LocalBlobStore(options);
}
