/**
 * @lair-chat/testkit — conformance suites for Lair Chat adapters. `storageSuite` registers
 * one test per storage contract with the runner you pass in; see docs/storage-adapters.md.
 */
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
