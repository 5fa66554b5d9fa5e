import { createInProcessBus, createInProcessHub } from "@lair-chat/server";
import { describe, expect, it } from "vitest";
import { BUS_CASE_GROUPS, busSuite, listBusCases } from "./bus-suite.ts";
import type { TestFunction } from "./storage-suite-options.ts";

describe("busSuite on the in-process bus", () => {
  busSuite({
    test: it,
    describe,
    async create(nodes) {
      const hub = createInProcessHub();
      const buses = nodes.map((options) => createInProcessBus({ ...options, hub }));
      return {
        buses,
        async cleanup() {
          expect(hub.size).toBe(0);
        },
      };
    },
  });
});

describe("busSuite registration", () => {
  const create = async () => {
    throw new Error("never called while registering");
  };

  it("registers every case once, grouped, with unique names", () => {
    const names: string[] = [];
    const groups: string[] = [];
    const test: TestFunction = (name) => {
      names.push(name);
    };
    const group = (name: string, fn: () => void) => {
      groups.push(name);
      fn();
    };
    busSuite({ test, create, describe: group });
    const cases = listBusCases();
    expect(names).toEqual(cases.map((c) => c.name));
    expect(new Set(names).size).toBe(names.length);
    expect(groups).toEqual(BUS_CASE_GROUPS.map((g) => `bus: ${g}`));
  });

  it("skips by group or name with a printed reason, and refuses unknown keys and empty reasons", () => {
    const skipped: string[] = [];
    const lines: string[] = [];
    const test: TestFunction = () => {};
    test.skip = (name) => {
      skipped.push(name);
    };
    busSuite({ test, create, log: (l) => lines.push(l), skip: { liveness: "no heartbeats here" } });
    const liveness = listBusCases().filter((c) => c.group === "liveness");
    expect(skipped).toHaveLength(liveness.length);
    expect(
      skipped.every((n) => n.startsWith("liveness: ") && n.endsWith("[skipped: no heartbeats here]")),
    ).toBe(true);
    expect(lines).toHaveLength(liveness.length);
    expect(() => busSuite({ test, create, skip: { nope: "why" } })).toThrow(RangeError);
    expect(() => busSuite({ test, create, skip: { delivery: " " } })).toThrow(TypeError);
    expect(() => busSuite({ test, create, heartbeatMs: 100, nodeTimeoutMs: 100 })).toThrow(RangeError);
  });
});
