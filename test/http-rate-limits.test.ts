/**
 * Rate limits over HTTP: X-RateLimit-* headers, 429 with Retry-After and details.retry_after,
 * keyed per user when authenticated and per client address otherwise, and `trustProxy`
 * deciding which address that is.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, newUser, PASSWORD, startHarness } from "./http-harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const loginBody = { identifier: "nobody_at_all", password: PASSWORD };

describe("rate limits", () => {
  it("sends X-RateLimit headers and refuses past the limit with 429", async () => {
    h = await startHarness({
      rateLimits: {
        general: { limit: 3, windowMs: 60_000 },
        auth: false,
        messages: false,
        roomCreation: false,
      },
    });
    const first = await h.call("GET", "/api/v1/rooms", { headers: {} });
    expect(first.status).toBe(401);
    const u = await newUser(h, "rl");
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await h.call("GET", "/api/v1/users/me", { token: u.token });
      expect(r.status).toBe(200);
      expect(r.headers.get("x-ratelimit-limit")).toBe("3");
      seen.push(Number(r.headers.get("x-ratelimit-remaining")));
      expect(Number(r.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    }
    expect(seen).toEqual([2, 1, 0]);
    const refused = await h.call("GET", "/api/v1/users/me", { token: u.token });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("rate_limited");
    const retry = Number(refused.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(refused.body.error.details.retry_after).toBe(retry);
    // Another user has a budget of their own.
    const other = await newUser(h, "rl");
    expect((await h.call("GET", "/api/v1/users/me", { token: other.token })).status).toBe(200);
  });

  it("applies the auth tier per client address to anonymous calls", async () => {
    h = await startHarness({ rateLimits: { auth: { limit: 2, windowMs: 60_000 } } });
    expect((await h.call("POST", "/api/v1/auth/login", { body: loginBody })).status).toBe(401);
    expect((await h.call("POST", "/api/v1/auth/login", { body: loginBody })).status).toBe(401);
    const third = await h.call("POST", "/api/v1/auth/login", { body: loginBody });
    expect(third.status).toBe(429);
    expect(third.headers.get("x-ratelimit-limit")).toBe("2");
  });

  it("limits room creation separately", async () => {
    h = await startHarness({ rateLimits: { roomCreation: { limit: 1, windowMs: 3_600_000 } } });
    const u = await newUser(h, "rooms");
    expect(
      (await h.call("POST", "/api/v1/rooms", { token: u.token, body: { name: "one-room" } })).status,
    ).toBe(201);
    const second = await h.call("POST", "/api/v1/rooms", { token: u.token, body: { name: "two-room" } });
    expect([second.status, second.body.error.code]).toEqual([429, "rate_limited"]);
    expect((await h.call("GET", "/api/v1/rooms", { token: u.token })).status).toBe(200);
  });
});

describe("trustProxy", () => {
  const spoof = (ip: string) => ({ "x-forwarded-for": ip });

  it("ignores X-Forwarded-For from an untrusted peer", async () => {
    h = await startHarness({ rateLimits: { auth: { limit: 1, windowMs: 60_000 } } });
    expect(
      (await h.call("POST", "/api/v1/auth/login", { body: loginBody, headers: spoof("10.0.0.1") })).status,
    ).toBe(401);
    // A different claimed address does not buy a new budget.
    expect(
      (await h.call("POST", "/api/v1/auth/login", { body: loginBody, headers: spoof("10.0.0.2") })).status,
    ).toBe(429);
  });

  it("believes X-Forwarded-For from a trusted proxy (by CIDR)", async () => {
    h = await startHarness({
      trustProxy: ["127.0.0.0/8"],
      rateLimits: { auth: { limit: 1, windowMs: 60_000 } },
    });
    expect(
      (await h.call("POST", "/api/v1/auth/login", { body: loginBody, headers: spoof("203.0.113.1") })).status,
    ).toBe(401);
    expect(
      (await h.call("POST", "/api/v1/auth/login", { body: loginBody, headers: spoof("203.0.113.2") })).status,
    ).toBe(401);
    expect(
      (await h.call("POST", "/api/v1/auth/login", { body: loginBody, headers: spoof("203.0.113.1") })).status,
    ).toBe(429);
    // A client cannot pick its address by prepending: the right-most untrusted hop counts.
    expect(
      (
        await h.call("POST", "/api/v1/auth/login", {
          body: loginBody,
          headers: spoof("198.51.100.9, 203.0.113.2"),
        })
      ).status,
    ).toBe(429);
  });

  it("records the resolved address on the session", async () => {
    h = await startHarness({ trustProxy: ["127.0.0.1"] });
    const r = await h.call("POST", "/api/v1/auth/register", {
      body: { username: "proxied", email: "p@example.com", password: PASSWORD },
      headers: spoof("192.0.2.7"),
    });
    const session = await h.storage.getSession(r.body.session.id);
    expect(session?.ipAddress).toBe("192.0.2.7");
  });
});
