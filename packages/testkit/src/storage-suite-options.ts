/**
 * Options of `storageSuite`. The runner's own functions are passed in so the testkit never
 * imports a test framework: vitest's `it`/`describe`, node:test's `test`/`describe` and
 * jest's `test`/`describe` all fit these shapes.
 */
import type { Storage } from "@lair-chat/server";
import type { StorageProbe } from "./storage-probe.ts";

/** A runner's test-registering function (vitest `it`, node:test `test`, jest `test`). */
export interface TestFunction {
  (name: string, fn: () => Promise<void>, timeout?: number): void;
  /** The runner's skip variant; when present, skipped tests are reported as skipped. */
  skip?: (name: string, fn: () => Promise<void>) => void;
}

/** A runner's grouping function (vitest/jest `describe`). */
export type DescribeFunction = (name: string, fn: () => void) => void;

/** The areas of the suite, one file of tests each. */
export type CapabilityName =
  | "users"
  | "sessions"
  | "rooms"
  | "memberships"
  | "messages"
  | "invitations"
  | "readMarkers"
  | "idempotency"
  | "concurrency"
  | "lifecycle"
  | "attachments";

/** A fresh adapter for one test, and how to dispose of it. */
export interface StorageHarness {
  storage: Storage;
  /** Close the adapter and drop whatever `create` made (schema, file, pool). */
  cleanup(): Promise<void>;
}

/**
 * Tests to leave out, keyed by capability name or by a test's name, each with the reason
 * (printed, and shown in the skipped test's name). Unknown keys and empty reasons throw.
 */
export type StorageSuiteSkips = Partial<Record<CapabilityName | (string & {}), string>>;

export interface StorageSuiteOptions<H extends StorageHarness = StorageHarness> {
  /** The runner's test function. */
  test: TestFunction;
  /** The runner's describe; when given, each capability becomes a group. @default undefined (names are prefixed with the capability instead) */
  describe?: DescribeFunction;
  /**
   * Make a fresh, empty adapter for one test. The suite calls `storage.init()` on it before
   * the test and `cleanup()` after, pass or fail.
   */
  create: () => Promise<H>;
  /**
   * Build a probe over the same database as the harness (e.g. from a knex instance that
   * `create` returned alongside the storage). @default undefined (probe checks are left out)
   */
  probe?: (harness: H) => StorageProbe;
  /** Tests to skip, each with a reason. @default {} */
  skip?: StorageSuiteSkips;
  /** Where skip reasons are printed. @default console.warn */
  log?: (line: string) => void;
  /** Timeout in ms for the heavier tests (concurrency, property-based). @default 60_000 */
  slowTimeout?: number;
}
