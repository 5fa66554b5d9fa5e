/**
 * Where attachment bytes live. The server keeps metadata in `Storage` and bytes in a
 * `BlobStore`; `createLocalBlobStore` (a directory) is the default, and anything with these
 * four members (an S3 bucket, a CDN origin) can take its place. `@lair-chat/testkit`'s
 * `blobStoreSuite` checks an implementation. Keys are server-generated ids (`[A-Za-z0-9_-]`).
 */
import type { Readable } from "node:stream";

/** An inclusive byte range, as HTTP `Range: bytes=start-end` names it. */
export interface BlobRange {
  start: number;
  end: number;
}

/** What `stat` knows about a stored blob. */
export interface BlobStat {
  /** Bytes. */
  size: number;
}

export interface BlobStore {
  /**
   * Stream `source` into the store under `key`, all or nothing: nothing is visible under `key`
   * until `source` ends without error (a failing source leaves no trace). Resolves with the size.
   */
  put(key: string, source: AsyncIterable<Uint8Array>): Promise<BlobStat>;
  /** A stream of the bytes under `key` (only `range` when given; it must lie within the blob), or null when missing. */
  get(key: string, range?: BlobRange): Promise<Readable | null>;
  /** Remove the blob; false when there was none. */
  delete(key: string): Promise<boolean>;
  /** The blob's size, or null when missing. */
  stat(key: string): Promise<BlobStat | null>;
}

const KEY = /^[A-Za-z0-9_-]{1,128}$/;

/** Throws a RangeError unless `key` is a valid blob key (no path separators, dots or spaces). */
export function checkBlobKey(key: string): void {
  if (typeof key !== "string" || !KEY.test(key)) {
    throw new RangeError("key must be 1-128 letters, digits, '_' or '-'");
  }
}

/** Throws a RangeError for a range that is not `0 <= start <= end`. */
export function checkBlobRange(range: BlobRange | undefined): void {
  if (range === undefined) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw new RangeError("range must satisfy 0 <= start <= end");
  }
}
