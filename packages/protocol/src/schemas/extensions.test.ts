import { describe, expect, it } from "vitest";
import { FEATURES, hasFeature, isCompatibleVersion, isFeature, negotiateFeatures } from "./extensions.ts";

describe("extension negotiation", () => {
  it("keeps only what both sides name, in FEATURES order", () => {
    expect(negotiateFeatures(["encryption", ...FEATURES], ["resume", "seq", "bogus"])).toEqual([
      "seq",
      "resume",
    ]);
    expect(negotiateFeatures(["seq"], ["resume"])).toEqual([]);
    expect(negotiateFeatures(undefined, ["seq"])).toEqual([]);
    expect(negotiateFeatures(["encryption"], ["encryption"])).toEqual([]);
  });

  it("checks names and membership", () => {
    expect(isFeature("cursor")).toBe(true);
    expect(isFeature("encryption")).toBe(false);
    expect(hasFeature(["seq"], "seq")).toBe(true);
    expect(hasFeature(["seq"], "resume")).toBe(false);
  });

  it("accepts any 1.x version, like the Rust server", () => {
    expect(isCompatibleVersion("1.0")).toBe(true);
    expect(isCompatibleVersion("1.1")).toBe(true);
    expect(isCompatibleVersion("2.0")).toBe(false);
    expect(isCompatibleVersion("1")).toBe(false);
    expect(isCompatibleVersion(1.1)).toBe(false);
  });

  it("throws on non-array arguments", () => {
    expect(() => negotiateFeatures("seq" as never, [])).toThrow(TypeError);
  });
});
