/**
 * Options of `busSuite`, the conformance suite of server buses (`LairBus` implementations).
 * As with `storageSuite`, the runner's own `test` (and `describe`) are passed in.
 */
import type { LairBus, LairBusOptions } from "@lair-chat/server";
import type { DescribeFunction, TestFunction } from "./storage-suite-options.ts";

/** The areas of the bus suite. */
export type BusCaseGroup = "delivery" | "requests" | "liveness";

/** Buses forming one cluster, not yet started, and how to dispose of what `create` made. */
export interface BusHarness {
  /** One bus per entry of `create`'s argument, in that order, all in the same cluster. */
  buses: LairBus[];
  /** Release what `create` made (hub, connections, keys). Runs after the suite closed every bus. */
  cleanup(): Promise<void>;
}

/** Tests to leave out, by group or test name, each with its reason. */
export type BusSuiteSkips = Partial<Record<BusCaseGroup | (string & {}), string>>;

export interface BusSuiteOptions<H extends BusHarness = BusHarness> {
  /** The runner's test function. */
  test: TestFunction;
  /** The runner's describe; when given, each group becomes one. @default undefined (names are prefixed with the group) */
  describe?: DescribeFunction;
  /**
   * Make one bus per entry of `nodes`, passing each entry's options (node id, heartbeat and
   * timeouts) through, all joined to one fresh cluster that no other test shares (a new hub, a
   * new key prefix). Do not start them: the suite attaches its handlers first.
   */
  create: (nodes: LairBusOptions[]) => Promise<H>;
  /** Tests to skip, each with a reason. @default {} */
  skip?: BusSuiteSkips;
  /** Where skip reasons are printed. @default console.warn */
  log?: (line: string) => void;
  /**
   * Heartbeat interval of the liveness tests; raise it for a transport with slow round trips.
   * @default 100
   */
  heartbeatMs?: number;
  /** Node timeout of the liveness tests (must exceed `heartbeatMs`). @default 1000 */
  nodeTimeoutMs?: number;
  /** How long a case waits for something that must happen before it fails. @default 10_000 */
  waitMs?: number;
}
