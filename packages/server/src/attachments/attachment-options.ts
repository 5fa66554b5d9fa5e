/** The `attachments` option of `createLairServer` and its defaults. */
import { DEFAULT_MAX_FILE_SIZE } from "@lair-chat/protocol";
import type { BlobStore } from "./blob-store.ts";
import { createLocalBlobStore } from "./local-blob-store.ts";

export interface AttachmentOptions {
  /** Where the bytes go. @default a local blob store in `directory` */
  blobStore?: BlobStore;
  /** Directory of the default local blob store; required unless `blobStore` is given. @default undefined */
  directory?: string;
  /** Largest upload in bytes; one more is refused with 413 `payload_too_large`. @default 10_485_760 (10 MiB) */
  maxFileSize?: number;
  /** An upload not sent with a message within this time is deleted. @default 3_600_000 (1 h) */
  orphanTtlMs?: number;
  /** How often garbage is collected; 0 turns the timer off (call `collectGarbage` yourself). @default 60_000 */
  gcIntervalMs?: number;
}

export interface ResolvedAttachmentOptions {
  blobStore: BlobStore;
  maxFileSize: number;
  orphanTtlMs: number;
  gcIntervalMs: number;
}

function nonNegativeInt(value: unknown, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new TypeError(`options.attachments.${name} must be an integer`);
  }
  if (value < min) throw new RangeError(`options.attachments.${name} must be >= ${min}`);
  return value;
}

const BLOB_METHODS = ["put", "get", "delete", "stat"] as const;

/** Validate the option; `undefined` or `false` leaves attachments off. */
export function resolveAttachmentOptions(input: unknown): ResolvedAttachmentOptions | undefined {
  if (input === undefined || input === false) return undefined;
  if (typeof input !== "object" || input === null)
    throw new TypeError("options.attachments must be an object");
  const o = input as AttachmentOptions;
  let blobStore = o.blobStore;
  if (blobStore !== undefined) {
    const candidate = blobStore as unknown as Record<string, unknown>;
    if (!BLOB_METHODS.every((m) => typeof candidate[m] === "function")) {
      throw new TypeError("options.attachments.blobStore must be a BlobStore");
    }
  } else {
    if (typeof o.directory !== "string" || o.directory === "") {
      throw new TypeError("options.attachments needs a directory or a blobStore");
    }
    blobStore = createLocalBlobStore({ directory: o.directory });
  }
  return {
    blobStore,
    maxFileSize: nonNegativeInt(o.maxFileSize, "maxFileSize", DEFAULT_MAX_FILE_SIZE, 1),
    orphanTtlMs: nonNegativeInt(o.orphanTtlMs, "orphanTtlMs", 3_600_000),
    gcIntervalMs: nonNegativeInt(o.gcIntervalMs, "gcIntervalMs", 60_000),
  };
}
