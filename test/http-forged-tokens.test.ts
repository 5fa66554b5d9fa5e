/**
 * The forged-token table: every authenticated HTTP route × every way a bearer token can be
 * wrong, each refused with the right status and code, and a genuine token accepted.
 */
import { HTTP_ROUTES, type HttpRoute } from "@lair-chat/protocol";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Harness,
  login,
  newUser,
  PASSWORD,
  SECRET,
  startHarness,
  type TestUser,
} from "./http-harness.ts";

const key = new TextEncoder().encode(SECRET);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

async function sign(
  claims: Record<string, unknown>,
  options: { secret?: Uint8Array; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ username: "x", role: "user", ...claims })
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime((claims.exp as number | undefined) ?? now + 3600)
    .sign(options.secret ?? key);
}

let h: Harness;
let alice: TestUser;
const cases: Array<{ name: string; header: () => string | undefined; status: number; code: string }> = [];

beforeAll(async () => {
  h = await startHarness();
  alice = await newUser(h, "alice");
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: alice.id, sid: alice.sessionId, username: alice.username, role: "user" };

  const loggedOut = await login(h, alice.username);
  await h.call("POST", "/api/v1/auth/logout", { token: loggedOut.token });

  const pw = await newUser(h, "pw");
  const pwOld = await login(h, pw.username);
  await h.call("POST", "/api/v1/auth/change-password", {
    token: pw.token,
    body: { current_password: PASSWORD, new_password: "another-password" },
  });

  const gone = await newUser(h, "gone");
  await h.storage.updateUser(gone.id, { deletedAt: Date.now() });
  const banned = await newUser(h, "banned");
  await h.storage.updateUser(banned.id, { bannedAt: Date.now() });

  const valid = await sign(claims);
  const [head, body, sig] = valid.split(".");
  const tamperedBody = b64({
    ...JSON.parse(Buffer.from(body as string, "base64url").toString()),
    role: "admin",
  });
  const alg = (a: string) => `${b64({ alg: a, typ: "JWT" })}.${body}.`;

  const t = (name: string, token: string | (() => string), status: number, code: string) =>
    cases.push({ name, header: () => `Bearer ${typeof token === "string" ? token : token()}`, status, code });
  t("alg none", alg("none"), 401, "invalid_token");
  t("alg none with signature", `${b64({ alg: "none" })}.${body}.${sig}`, 401, "invalid_token");
  t(
    "wrong key",
    await sign(claims, { secret: new TextEncoder().encode("some-other-secret-of-32-bytes!!!!!") }),
    401,
    "invalid_token",
  );
  t("HS512 with the right key", await sign(claims, { alg: "HS512" }), 401, "invalid_token");
  t("tampered payload", `${head}.${tamperedBody}.${sig}`, 401, "invalid_token");
  t("expired", await sign({ ...claims, exp: now - 60 }), 401, "token_expired");
  t("not yet valid", await sign({ ...claims, nbf: now + 3600 }), 401, "invalid_token");
  t("missing sid", await sign({ sub: alice.id }), 401, "invalid_token");
  t("session of another user", await sign({ ...claims, sid: pw.sessionId }), 401, "session_not_found");
  t(
    "unknown session",
    await sign({ ...claims, sid: "00000000-0000-0000-0000-000000000000" }),
    401,
    "session_not_found",
  );
  t("logged-out session", loggedOut.token, 401, "session_not_found");
  t("token from before a password change", pwOld.token, 401, "session_not_found");
  t("deleted user", gone.token, 401, "session_not_found");
  t("banned user", banned.token, 403, "account_banned");
  t("garbage", "not-a-jwt", 401, "invalid_token");
  t("huge", "a".repeat(9000), 401, "invalid_token");
  cases.push({ name: "no header", header: () => undefined, status: 401, code: "missing_token" });
  cases.push({
    name: "Basic scheme",
    header: () => "Basic YWxpY2U6cHc=",
    status: 401,
    code: "invalid_format",
  });
  cases.push({ name: "Bearer without token", header: () => "Bearer", status: 401, code: "invalid_format" });
  cases.push({
    name: "Bearer with two tokens",
    header: () => `Bearer ${valid} ${valid}`,
    status: 401,
    code: "invalid_format",
  });
  cases.push({
    name: "lower-case scheme",
    header: () => `bearer ${valid}`,
    status: 401,
    code: "invalid_format",
  });
});
afterAll(() => h.close());

const routes = (HTTP_ROUTES as readonly HttpRoute[]).filter((r) => r.auth);
const pathFor = (r: HttpRoute) => r.path.replace(/\{[a-z_]+\}/g, "00000000-0000-0000-0000-000000000001");

describe("forged tokens on every authenticated route", () => {
  for (const route of routes) {
    it(`${route.method} ${route.path}`, async () => {
      for (const c of cases) {
        const header = c.header();
        const r = await h.call(
          route.method,
          pathFor(route),
          header === undefined ? {} : { headers: { authorization: header } },
        );
        expect({ case: c.name, status: r.status, code: r.body?.error?.code }).toEqual({
          case: c.name,
          status: c.status,
          code: c.code,
        });
      }
    });
  }

  it("accepts the genuine token", async () => {
    expect((await h.call("GET", "/api/v1/users/me", { token: alice.token })).status).toBe(200);
  });
});
