import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ReconnectPolicy, resolveReconnectOptions } from "./reconnect-policy.ts";

describe("ReconnectPolicy", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("grows exponentially up to maxDelay without jitter", () => {
    const policy = new ReconnectPolicy({ minDelay: 100, maxDelay: 1000, growthFactor: 2, jitter: 0 });
    const delays = Array.from({ length: 6 }, () => policy.nextDelay());
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(policy.attempts).toBe(6);
  });

  it("jitter only shortens, within the configured fraction", () => {
    const low = new ReconnectPolicy({ minDelay: 1000, jitter: 0.5 }, { random: () => 0.999999 });
    const high = new ReconnectPolicy({ minDelay: 1000, jitter: 0.5 }, { random: () => 0 });
    expect(low.nextDelay()).toBe(500);
    expect(high.nextDelay()).toBe(1000);
  });

  it("resets the count only after minUptime of a stable connection", () => {
    const policy = new ReconnectPolicy({ minDelay: 100, jitter: 0, minUptime: 5000 });
    policy.nextDelay();
    policy.nextDelay();
    policy.connected();
    vi.advanceTimersByTime(4999);
    policy.disconnected();
    expect(policy.attempts).toBe(2);
    expect(policy.nextDelay()).toBe(400);
    policy.connected();
    vi.advanceTimersByTime(5000);
    policy.disconnected();
    expect(policy.attempts).toBe(0);
    expect(policy.nextDelay()).toBe(100);
  });

  it("stops allowing retries after maxRetries", () => {
    const policy = new ReconnectPolicy({ maxRetries: 2 });
    expect(policy.canRetry).toBe(true);
    policy.nextDelay();
    policy.nextDelay();
    expect(policy.canRetry).toBe(false);
    policy.reset();
    expect(policy.canRetry).toBe(true);
  });

  it("validates options by name", () => {
    expect(() => resolveReconnectOptions({ minDelay: -1 })).toThrow(/reconnect.minDelay/);
    expect(() => resolveReconnectOptions({ jitter: 2 })).toThrow(RangeError);
    expect(() => resolveReconnectOptions({ minDelay: 10, maxDelay: 5 })).toThrow(/maxDelay/);
    expect(() => resolveReconnectOptions({ bogus: 1 } as never)).toThrow(TypeError);
    expect(resolveReconnectOptions().maxRetries).toBe(Number.POSITIVE_INFINITY);
  });
});
