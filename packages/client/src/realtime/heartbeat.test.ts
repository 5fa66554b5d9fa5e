import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Heartbeat } from "./heartbeat.ts";

describe("Heartbeat", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("pings every interval and declares a silent peer dead", () => {
    const ping = vi.fn();
    const onDead = vi.fn();
    const hb = new Heartbeat({ interval: 30_000, timeout: 10_000, ping, onDead });
    hb.start();
    vi.advanceTimersByTime(30_000);
    expect(ping).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(9_999);
    expect(onDead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onDead).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100_000);
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it("stays alive while frames arrive", () => {
    const onDead = vi.fn();
    const hb = new Heartbeat({ interval: 1000, timeout: 500, ping: () => {}, onDead });
    hb.start();
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(1000);
      hb.received();
    }
    expect(onDead).not.toHaveBeenCalled();
    hb.stop();
    vi.advanceTimersByTime(10_000);
    expect(onDead).not.toHaveBeenCalled();
  });

  it("rejects a bad interval", () => {
    expect(() => new Heartbeat({ interval: 0, timeout: 1, ping: () => {}, onDead: () => {} })).toThrow(
      RangeError,
    );
  });
});
