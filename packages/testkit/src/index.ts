/**
 * @lair-chat/testkit — conformance suites for Lair Chat adapters. `storageSuite` registers
 * one test per storage contract with the runner you pass in (see docs/storage-adapters.md);
 * `busSuite` does the same for server buses (see docs/scaling.md).
 */

export {
  BLOB_STORE_CASES,
  type BlobStoreHarness,
  type BlobStoreSuiteOptions,
  blobStoreSuite,
} from "./blob-store-suite.ts";
export { BUS_CASE_GROUPS, busSuite } from "./bus-suite.ts";
export type { BusCaseGroup, BusHarness, BusSuiteOptions, BusSuiteSkips } from "./bus-suite-options.ts";
export type {
  ProbeMessageRow,
  ProbeRoomRow,
  ProbeSessionRow,
  ProbeTable,
  ProbeUserRow,
  StorageProbe,
} from "./storage-probe.ts";
export { STORAGE_CAPABILITIES, storageSuite } from "./storage-suite.ts";
export type {
  CapabilityName,
  DescribeFunction,
  StorageHarness,
  StorageSuiteOptions,
  StorageSuiteSkips,
  TestFunction,
} from "./storage-suite-options.ts";
