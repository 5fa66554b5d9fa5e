/**
 * blobStoreSuite: conformance tests for a `BlobStore` (where attachment bytes live), registered
 * with the caller's runner like `storageSuite`. Each test gets a fresh store from `create`.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { BlobStore } from "@lair-chat/server";
import type { DescribeFunction, TestFunction } from "./storage-suite-options.ts";

/** A fresh, empty store for one test, and how to dispose of it. */
export interface BlobStoreHarness {
  store: BlobStore;
  /** Remove whatever `create` made (directory, bucket prefix). */
  cleanup(): Promise<void>;
}

export interface BlobStoreSuiteOptions<H extends BlobStoreHarness = BlobStoreHarness> {
  /** The runner's test function. */
  test: TestFunction;
  /** The runner's describe; when given, the tests form one group. @default undefined */
  describe?: DescribeFunction;
  /** Make a fresh, empty store for one test. */
  create: () => Promise<H>;
}

interface BlobCase {
  name: string;
  run(store: BlobStore): Promise<void>;
}

async function readAll(stream: Readable | null): Promise<Buffer> {
  assert.ok(stream, "expected a stream, got null");
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function pattern(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

const CASES: readonly BlobCase[] = [
  {
    name: "put then get returns the same bytes and stat the size",
    async run(store) {
      const key = randomUUID();
      const bytes = pattern(300_000);
      assert.deepEqual(await store.put(key, chunksOf(bytes, 16_384)), { size: bytes.length });
      assert.equal(sha(await readAll(await store.get(key))), sha(bytes));
      assert.deepEqual(await store.stat(key), { size: bytes.length });
    },
  },
  {
    name: "an empty blob is stored and read back empty",
    async run(store) {
      const key = randomUUID();
      assert.deepEqual(await store.put(key, chunksOf(new Uint8Array(0), 1)), { size: 0 });
      assert.equal((await readAll(await store.get(key))).length, 0);
      assert.deepEqual(await store.stat(key), { size: 0 });
    },
  },
  {
    name: "get with a range returns exactly those bytes (inclusive)",
    async run(store) {
      const key = randomUUID();
      const bytes = pattern(10_000);
      await store.put(key, chunksOf(bytes, 999));
      assert.deepEqual(await readAll(await store.get(key, { start: 0, end: 0 })), bytes.subarray(0, 1));
      assert.deepEqual(
        await readAll(await store.get(key, { start: 100, end: 5099 })),
        bytes.subarray(100, 5100),
      );
      assert.deepEqual(await readAll(await store.get(key, { start: 9990, end: 9999 })), bytes.subarray(9990));
    },
  },
  {
    name: "a source that fails leaves nothing under the key",
    async run(store) {
      const key = randomUUID();
      async function* failing() {
        yield pattern(1000);
        throw new Error("client went away");
      }
      await assert.rejects(store.put(key, failing()), /client went away/);
      assert.equal(await store.stat(key), null);
      assert.equal(await store.get(key), null);
    },
  },
  {
    name: "missing keys: get and stat answer null, delete false",
    async run(store) {
      const key = randomUUID();
      assert.equal(await store.get(key), null);
      assert.equal(await store.stat(key), null);
      assert.equal(await store.delete(key), false);
    },
  },
  {
    name: "delete removes the blob once",
    async run(store) {
      const key = randomUUID();
      await store.put(key, chunksOf(pattern(10), 10));
      assert.equal(await store.delete(key), true);
      assert.equal(await store.stat(key), null);
      assert.equal(await store.delete(key), false);
    },
  },
  {
    name: "keys are independent and a second put replaces the first",
    async run(store) {
      const a = randomUUID();
      const b = randomUUID();
      await store.put(a, chunksOf(Buffer.from("first"), 2));
      await store.put(b, chunksOf(Buffer.from("other"), 2));
      await store.put(a, chunksOf(Buffer.from("second!"), 3));
      assert.equal((await readAll(await store.get(a))).toString(), "second!");
      assert.equal((await readAll(await store.get(b))).toString(), "other");
    },
  },
  {
    name: "keys that could escape the store are refused",
    async run(store) {
      for (const key of ["../etc/passwd", "a/b", "", ".", "a b"]) {
        await assert.rejects(async () => store.put(key, chunksOf(Buffer.from("x"), 1)), RangeError, key);
      }
    },
  },
];

/** Names of the blob store tests. */
export const BLOB_STORE_CASES: readonly string[] = CASES.map((c) => c.name);

/** Register every blob store conformance test with `options.test`. */
export function blobStoreSuite<H extends BlobStoreHarness>(options: BlobStoreSuiteOptions<H>): void {
  if (typeof options?.test !== "function")
    throw new TypeError("blobStoreSuite: options.test must be a function");
  if (typeof options.create !== "function") {
    throw new TypeError("blobStoreSuite: options.create must be a function");
  }
  const register = () => {
    for (const c of CASES) {
      options.test(options.describe ? c.name : `blob store: ${c.name}`, async () => {
        const harness = await options.create();
        try {
          await c.run(harness.store);
        } finally {
          await harness.cleanup();
        }
      });
    }
  };
  if (options.describe) options.describe("blob store", register);
  else register();
}
