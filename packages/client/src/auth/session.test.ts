import { LairError } from "@lair-chat/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resolveLogger } from "../logger.ts";
import { Session } from "./session.ts";
import { MemoryTokenStore } from "./token-store.ts";

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) =>
    btoa(JSON.stringify(v)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.sig`;
}

describe("Session", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2025-01-01T00:00:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("refreshes `margin` before expiry and re-arms with the new token", async () => {
    const now = Date.now() / 1000;
    const store = new MemoryTokenStore();
    const refresh = vi.fn(async () => {
      const token = jwt({ sub: "u1", iat: Date.now() / 1000, exp: Date.now() / 1000 + 3600 });
      await session.setToken(token);
      return { token, expires_at: new Date().toISOString() };
    });
    const session: Session = new Session({
      store,
      refresh,
      margin: 300_000,
      onExpired: () => {},
      logger: resolveLogger(undefined),
    });
    await session.setToken(jwt({ sub: "u1", iat: now, exp: now + 3600 }));
    expect(await session.userId()).toBe("u1");
    await vi.advanceTimersByTimeAsync(3_300_000 - 1);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3_300_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    session.stop();
  });

  it("ends the session when a refresh is refused, retries on network trouble", async () => {
    const now = Date.now() / 1000;
    const expired = vi.fn();
    const answers = [new LairError("network_error"), new LairError("session_not_found")];
    const session = new Session({
      store: new MemoryTokenStore(),
      refresh: async () => {
        throw answers.shift();
      },
      margin: 300_000,
      onExpired: expired,
      logger: resolveLogger(undefined),
    });
    // A 2-minute token refreshes after 1 minute (half its life), not at once.
    await session.setToken(jwt({ sub: "u1", iat: now, exp: now + 120 }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(expired).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(expired).toHaveBeenCalledWith(expect.objectContaining({ code: "session_not_found" }));
  });
});
