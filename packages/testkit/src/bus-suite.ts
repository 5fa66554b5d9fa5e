/**
 * busSuite: registers the conformance tests of a server bus with the caller's runner. Each
 * test makes its own cluster through `create`, starts the buses itself, and closes them all
 * afterwards, pass or fail; see docs/scaling.md.
 */
import type { LairBus, LairBusOptions } from "@lair-chat/server";
import { type BusCase, type BusCaseContext, nodeIdFor, QUIET, waitUntil } from "./bus-case.ts";
import type { BusCaseGroup, BusHarness, BusSuiteOptions } from "./bus-suite-options.ts";
import { busDeliveryCases } from "./cases/bus-delivery-cases.ts";
import { busLivenessCases } from "./cases/bus-liveness-cases.ts";
import { busRequestCases } from "./cases/bus-request-cases.ts";

const CASES: Record<BusCaseGroup, readonly BusCase[]> = {
  delivery: busDeliveryCases,
  requests: busRequestCases,
  liveness: busLivenessCases,
};

/** Group names in the order the suite registers them. */
export const BUS_CASE_GROUPS = Object.keys(CASES) as readonly BusCaseGroup[];

/** Register every bus conformance test with `options.test`. */
export function busSuite<H extends BusHarness>(options: BusSuiteOptions<H>): void {
  if (typeof options?.test !== "function") throw new TypeError("busSuite: options.test must be a function");
  if (typeof options.create !== "function")
    throw new TypeError("busSuite: options.create must be a function");
  const heartbeatMs = options.heartbeatMs ?? 100;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1000;
  if (!(heartbeatMs > 0)) throw new RangeError("busSuite: options.heartbeatMs must be positive");
  if (!(nodeTimeoutMs > heartbeatMs))
    throw new RangeError("busSuite: options.nodeTimeoutMs must exceed heartbeatMs");
  const waitMs = options.waitMs ?? 10_000;
  const skips = checkSkips(options.skip ?? {});
  const log = options.log ?? ((line: string) => console.warn(line));
  const { test, describe } = options;
  const settings = { heartbeatMs, nodeTimeoutMs, waitMs };

  for (const group of BUS_CASE_GROUPS) {
    const register = () => {
      for (const c of CASES[group]) {
        const title = describe ? c.name : `${group}: ${c.name}`;
        const reason = skips.get(c.name) ?? skips.get(group);
        if (reason !== undefined) {
          log(`busSuite: skipped "${c.name}" (${group}): ${reason}`);
          const skipped = `${title} [skipped: ${reason}]`;
          if (test.skip) test.skip(skipped, async () => {});
          else test(skipped, async () => {});
          continue;
        }
        test(title, () => runCase(options, c, settings), c.timeout);
      }
    };
    if (describe) describe(`bus: ${group}`, register);
    else register();
  }
}

async function runCase<H extends BusHarness>(
  options: BusSuiteOptions<H>,
  c: BusCase,
  settings: { heartbeatMs: number; nodeTimeoutMs: number; waitMs: number },
): Promise<void> {
  const harnesses: H[] = [];
  const made: LairBus[] = [];
  const ctx: BusCaseContext = {
    fast: { heartbeatMs: settings.heartbeatMs, nodeTimeoutMs: settings.nodeTimeoutMs },
    waitMs: settings.waitMs,
    waitFor: (condition, what) => waitUntil(condition, what, settings.waitMs),
    async create(nodes) {
      const specs: LairBusOptions[] =
        typeof nodes === "number"
          ? Array.from({ length: nodes }, () => ({ ...QUIET }))
          : nodes.map((n) => ({ ...QUIET, ...n }));
      specs.forEach((s, i) => {
        s.nodeId ??= nodeIdFor(i);
      });
      const harness = await options.create(specs);
      harnesses.push(harness);
      if (!Array.isArray(harness?.buses) || harness.buses.length !== specs.length) {
        throw new TypeError(`busSuite: create() must return ${specs.length} buses, one per node asked for`);
      }
      harness.buses.forEach((bus, i) => {
        if (bus.nodeId !== specs[i]!.nodeId)
          throw new TypeError("busSuite: create() must pass each node's options through");
      });
      made.push(...harness.buses);
      return harness.buses;
    },
  };
  try {
    await c.run(ctx);
  } finally {
    await Promise.allSettled(made.map((bus) => bus.close()));
    for (const h of harnesses) await h.cleanup();
  }
}

function checkSkips(skip: Partial<Record<string, string>>): Map<string, string> {
  const known = new Set<string>(BUS_CASE_GROUPS);
  for (const cases of Object.values(CASES)) for (const c of cases) known.add(c.name);
  const out = new Map<string, string>();
  for (const [key, reason] of Object.entries(skip)) {
    if (reason === undefined) continue;
    if (!known.has(key)) throw new RangeError(`busSuite: options.skip names no group or test: "${key}"`);
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new TypeError(`busSuite: options.skip["${key}"] needs a reason`);
    }
    out.set(key, reason);
  }
  return out;
}

/** Every test name with its group, for tooling and for the suite's own checks. */
export function listBusCases(): { group: BusCaseGroup; name: string }[] {
  return BUS_CASE_GROUPS.flatMap((group) => CASES[group].map((c) => ({ group, name: c.name })));
}
