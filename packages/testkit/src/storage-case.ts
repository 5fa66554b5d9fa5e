/** The shape of one conformance test and what it receives. */
import type { Storage, StorageCapabilities } from "@lair-chat/server";
import type { Fixtures } from "./fixtures.ts";
import type { StorageProbe } from "./storage-probe.ts";

export interface CaseContext {
  storage: Storage;
  /** Present when the suite was given a probe; probe checks are extra, never the only check. */
  probe: StorageProbe | undefined;
  fx: Fixtures;
}

export interface StorageCase {
  /** Stable name; `skip` keys refer to it, so renaming one is a breaking change. */
  name: string;
  /** Heavy cases run with the suite's `slowTimeout`. */
  slow?: boolean;
  /** An optional capability the case needs; on adapters without it the case passes as not applicable. */
  requires?: keyof StorageCapabilities;
  run(ctx: CaseContext): Promise<void>;
}
