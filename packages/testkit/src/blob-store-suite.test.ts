/** blobStoreSuite against the server kit's local-directory store, and a store it must fail. */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { type BlobStore, createLocalBlobStore } from "@lair-chat/server";
import { describe, expect, it } from "vitest";
import { BLOB_STORE_CASES, blobStoreSuite } from "./blob-store-suite.ts";

describe("local blob store", () => {
  blobStoreSuite({
    test: it,
    describe,
    async create() {
      const dir = await mkdtemp(join(tmpdir(), "lair-blobs-"));
      return {
        store: createLocalBlobStore({ directory: dir }),
        cleanup: () => rm(dir, { recursive: true, force: true }),
      };
    },
  });

  it("leaves no temp file behind after a failed put", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lair-blobs-"));
    try {
      const store = createLocalBlobStore({ directory: dir });
      async function* failing() {
        yield new Uint8Array(10);
        throw new Error("boom");
      }
      await expect(store.put("k1", failing())).rejects.toThrow("boom");
      expect(await readdir(join(dir, "tmp"))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Keeps whatever a failed put wrote: the suite must catch it. */
function leakyStore(): BlobStore {
  const blobs = new Map<string, Buffer>();
  return {
    async put(key, source) {
      const chunks: Buffer[] = [];
      try {
        for await (const c of source) chunks.push(Buffer.from(c));
      } finally {
        blobs.set(key, Buffer.concat(chunks));
      }
      return { size: blobs.get(key)!.length };
    },
    async get(key, range) {
      const b = blobs.get(key);
      if (!b) return null;
      return Readable.from([range ? b.subarray(range.start, range.end + 1) : b]);
    },
    async delete(key) {
      return blobs.delete(key);
    },
    async stat(key) {
      const b = blobs.get(key);
      return b ? { size: b.length } : null;
    },
  };
}

describe("blobStoreSuite", () => {
  it("fails a store that keeps half-written blobs", async () => {
    const results = new Map<string, unknown>();
    const pending: Promise<void>[] = [];
    blobStoreSuite({
      test: (name, fn) => {
        pending.push(
          fn().then(
            () => void results.set(name, "ok"),
            (e: unknown) => void results.set(name, e),
          ),
        );
      },
      create: async () => ({ store: leakyStore(), cleanup: async () => {} }),
    });
    await Promise.all(pending);
    expect(results.size).toBe(BLOB_STORE_CASES.length);
    expect(results.get("blob store: a source that fails leaves nothing under the key")).toBeInstanceOf(Error);
    expect(results.get("blob store: put then get returns the same bytes and stat the size")).toBe("ok");
  });
});
