/**
 * storageSuite: registers the storage conformance tests with the caller's runner. Each test
 * gets a fresh adapter from `create`, so tests are independent and may run in any order.
 */

import { attachmentsCases } from "./cases/attachments-cases.ts";
import { concurrencyCases } from "./cases/concurrency-cases.ts";
import { countMessagesCases } from "./cases/count-messages-cases.ts";
import { historyCases } from "./cases/history-cases.ts";
import { idempotencyCases } from "./cases/idempotency-cases.ts";
import { invitationsCases } from "./cases/invitations-cases.ts";
import { lifecycleCases } from "./cases/lifecycle-cases.ts";
import { logModelCases } from "./cases/log-model-cases.ts";
import { membershipsCases } from "./cases/memberships-cases.ts";
import { messagesCases } from "./cases/messages-cases.ts";
import { readMarkersCases } from "./cases/read-markers-cases.ts";
import { roomsCases } from "./cases/rooms-cases.ts";
import { sessionsCases } from "./cases/sessions-cases.ts";
import { usersCases } from "./cases/users-cases.ts";
import { Fixtures } from "./fixtures.ts";
import type { StorageCase } from "./storage-case.ts";
import type { CapabilityName, StorageHarness, StorageSuiteOptions } from "./storage-suite-options.ts";

const CASES: Record<CapabilityName, readonly StorageCase[]> = {
  users: usersCases,
  sessions: sessionsCases,
  rooms: roomsCases,
  memberships: membershipsCases,
  messages: [...messagesCases, ...historyCases, ...countMessagesCases, ...logModelCases],
  invitations: invitationsCases,
  readMarkers: readMarkersCases,
  idempotency: idempotencyCases,
  concurrency: concurrencyCases,
  lifecycle: lifecycleCases,
  attachments: attachmentsCases,
};

/** Capability names in the order the suite registers them. */
export const STORAGE_CAPABILITIES = Object.keys(CASES) as readonly CapabilityName[];

/** Register every storage conformance test with `options.test`. */
export function storageSuite<H extends StorageHarness>(options: StorageSuiteOptions<H>): void {
  if (typeof options?.test !== "function")
    throw new TypeError("storageSuite: options.test must be a function");
  if (typeof options.create !== "function")
    throw new TypeError("storageSuite: options.create must be a function");
  if (options.probe !== undefined && typeof options.probe !== "function") {
    throw new TypeError("storageSuite: options.probe must be a function");
  }
  const skips = checkSkips(options.skip ?? {});
  const log = options.log ?? ((line: string) => console.warn(line));
  const slowTimeout = options.slowTimeout ?? 60_000;
  const { test, describe } = options;

  for (const capability of STORAGE_CAPABILITIES) {
    const register = () => {
      for (const c of CASES[capability]) {
        const title = describe ? c.name : `${capability}: ${c.name}`;
        const reason = skips.get(c.name) ?? skips.get(capability);
        if (reason !== undefined) {
          log(`storageSuite: skipped "${c.name}" (${capability}): ${reason}`);
          const skipped = `${title} [skipped: ${reason}]`;
          if (test.skip) test.skip(skipped, async () => {});
          else test(skipped, async () => {});
          continue;
        }
        test(title, () => runCase(options, c), c.slow ? slowTimeout : undefined);
      }
    };
    if (describe) describe(`storage: ${capability}`, register);
    else register();
  }
}

async function runCase<H extends StorageHarness>(options: StorageSuiteOptions<H>, c: StorageCase) {
  const harness = await options.create();
  try {
    await harness.storage.init();
    if (c.requires !== undefined && harness.storage.capabilities[c.requires] !== true) {
      (options.log ?? ((line: string) => console.warn(line)))(
        `storageSuite: "${c.name}" not applicable: the adapter lacks capabilities.${c.requires}`,
      );
      return;
    }
    const probe = options.probe?.(harness);
    await c.run({ storage: harness.storage, probe, fx: new Fixtures(harness.storage) });
  } finally {
    await harness.cleanup();
  }
}

function checkSkips(skip: Partial<Record<string, string>>): Map<string, string> {
  const known = new Set<string>(STORAGE_CAPABILITIES);
  for (const cases of Object.values(CASES)) for (const c of cases) known.add(c.name);
  const out = new Map<string, string>();
  for (const [key, reason] of Object.entries(skip)) {
    if (reason === undefined) continue;
    if (!known.has(key))
      throw new RangeError(`storageSuite: options.skip names no capability or test: "${key}"`);
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new TypeError(`storageSuite: options.skip["${key}"] needs a reason`);
    }
    out.set(key, reason);
  }
  return out;
}

/** Every test name with its capability, for tooling and for the suite's own checks. */
export function listStorageCases(): { capability: CapabilityName; name: string }[] {
  return STORAGE_CAPABILITIES.flatMap((capability) =>
    CASES[capability].map((c) => ({ capability, name: c.name })),
  );
}
