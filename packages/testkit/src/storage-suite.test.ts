import { describe, expect, it } from "vitest";
import { listStorageCases, STORAGE_CAPABILITIES, storageSuite } from "./storage-suite.ts";
import type { TestFunction } from "./storage-suite-options.ts";

/** A runner that records what the suite registers instead of running it. */
function recorder() {
  const registered: { name: string; skipped: boolean; timeout: number | undefined }[] = [];
  const groups: string[] = [];
  const test: TestFunction = (name, _fn, timeout) => {
    registered.push({ name, skipped: false, timeout });
  };
  test.skip = (name) => {
    registered.push({ name, skipped: true, timeout: undefined });
  };
  const describe = (name: string, fn: () => void) => {
    groups.push(name);
    fn();
  };
  return { test, describe, registered, groups };
}

const create = async () => {
  throw new Error("never called while registering");
};

describe("storageSuite", () => {
  it("registers every case once, with unique names, grouped by capability", () => {
    const r = recorder();
    storageSuite({ test: r.test, describe: r.describe, create });
    const cases = listStorageCases();
    expect(r.registered.map((t) => t.name)).toEqual(cases.map((c) => c.name));
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(r.groups).toEqual(STORAGE_CAPABILITIES.map((c) => `storage: ${c}`));
    for (const capability of STORAGE_CAPABILITIES) {
      expect(cases.some((c) => c.capability === capability)).toBe(true);
    }
  });

  it("prefixes names with the capability when no describe is given", () => {
    const r = recorder();
    storageSuite({ test: r.test, create });
    expect(r.registered[0]?.name).toBe(`users: ${listStorageCases()[0]?.name}`);
  });

  it("gives slow cases the slow timeout", () => {
    const r = recorder();
    storageSuite({ test: r.test, create, slowTimeout: 1234 });
    const slow = r.registered.find((t) => t.name.includes("8 concurrent writers"));
    expect(slow?.timeout).toBe(1234);
    expect(r.registered.find((t) => t.name.includes("ping"))?.timeout).toBeUndefined();
  });

  it("skips by capability or test name, printing each reason", () => {
    const r = recorder();
    const lines: string[] = [];
    storageSuite({
      test: r.test,
      create,
      log: (line) => lines.push(line),
      skip: { invitations: "no invitations here", "ping resolves on a working storage": "no network" },
    });
    const skipped = r.registered.filter((t) => t.skipped);
    expect(skipped.map((t) => t.name)).toContain(
      "lifecycle: ping resolves on a working storage [skipped: no network]",
    );
    const invitationCount = listStorageCases().filter((c) => c.capability === "invitations").length;
    expect(skipped).toHaveLength(invitationCount + 1);
    expect(lines).toHaveLength(invitationCount + 1);
    expect(lines.every((l) => l.includes("no invitations here") || l.includes("no network"))).toBe(true);
  });

  it("registers skipped tests as passing ones when the runner has no skip", () => {
    const names: string[] = [];
    const test: TestFunction = (name) => {
      names.push(name);
    };
    storageSuite({ test, create, log: () => {}, skip: { lifecycle: "later" } });
    expect(names.filter((n) => n.endsWith("[skipped: later]")).length).toBeGreaterThan(0);
  });

  it("refuses unknown skip keys, empty reasons and missing functions", () => {
    const r = recorder();
    expect(() => storageSuite({ test: r.test, create, skip: { userz: "typo" } })).toThrow(RangeError);
    expect(() => storageSuite({ test: r.test, create, skip: { users: " " } })).toThrow(TypeError);
    expect(() => storageSuite({ test: undefined as unknown as TestFunction, create })).toThrow(TypeError);
    expect(() => storageSuite({ test: r.test, create: 1 as unknown as typeof create })).toThrow(TypeError);
  });
});
