import { describe, expect, it } from "vitest";
import { resolveOptions } from "./resolve-options.ts";

const storage = { init() {}, ping() {}, getUser() {}, createSession() {}, appendMessage() {} };
const base = { storage, jwtSecret: "s".repeat(32) };

describe("resolveOptions", () => {
  it("applies the documented defaults", () => {
    const o = resolveOptions(base);
    expect(o.rateLimits).toEqual({
      auth: { limit: 10, windowMs: 60_000 },
      messages: { limit: 30, windowMs: 60_000 },
      roomCreation: { limit: 5, windowMs: 3_600_000 },
      general: { limit: 100, windowMs: 60_000 },
    });
    expect([o.handshakeTimeoutMs, o.authTimeoutMs, o.idleTimeoutMs]).toEqual([30_000, 60_000, 90_000]);
    expect(o.maxOutboundBytes).toBe(1_048_576);
    expect(o.trustProxy).toEqual([]);
    expect(o.jwtSecret).toBeInstanceOf(Uint8Array);
    expect(resolveOptions(base).metrics).not.toBe(o.metrics);
  });

  it("names the bad option", () => {
    expect(() => resolveOptions({ ...base, jwtSecret: "short" })).toThrow(/options\.jwtSecret/);
    expect(() => resolveOptions({ jwtSecret: "s".repeat(32) })).toThrow(TypeError);
    expect(() => resolveOptions({ ...base, storage: {} })).toThrow(/options\.storage/);
    expect(() => resolveOptions({ ...base, idleTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => resolveOptions({ ...base, idleTimeoutMs: 0 })).toThrow(/options\.idleTimeoutMs/);
    expect(() => resolveOptions({ ...base, rateLimits: { auth: { limit: -1, windowMs: 1 } } })).toThrow(
      /options\.rateLimits\.auth/,
    );
    expect(() => resolveOptions({ ...base, logger: console })).toThrow(/options\.logger/);
    expect(() => resolveOptions({ ...base, nonsense: 1 })).toThrow(/nonsense/);
    expect(() => resolveOptions(null)).toThrow(TypeError);
  });

  it("turns every tier off with rateLimits: false", () => {
    expect(resolveOptions({ ...base, rateLimits: false }).rateLimits.general).toBe(false);
  });
});
