/**
 * The forged-token table: every authenticated HTTP route × every way a bearer token can be
 * wrong, each refused with the right status and code, and a genuine token accepted. The token
 * cases are ./forged-token-cases.ts, shared with the WebSocket/TCP table.
 */
import { HTTP_ROUTES, type HttpRoute } from "@lair-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CaseSession, forgedTokens } from "./forged-token-cases.ts";
import { type Harness, login, newUser, PASSWORD, SECRET, startHarness } from "./http-harness.ts";

let h: Harness;
let alice: CaseSession;
const cases: Array<{ name: string; header: () => string | undefined; status: number; code: string }> = [];

beforeAll(async () => {
  h = await startHarness();
  const forged = await forgedTokens({
    secret: SECRET,
    newUser: (prefix) => newUser(h, prefix),
    login: (username) => login(h, username),
    async logout(token) {
      await h.call("POST", "/api/v1/auth/logout", { token });
    },
    async changePassword(token) {
      await h.call("POST", "/api/v1/auth/change-password", {
        token,
        body: { current_password: PASSWORD, new_password: "another-password" },
      });
    },
    async markDeleted(id) {
      await h.storage.updateUser(id, { deletedAt: Date.now() });
    },
    async markBanned(id) {
      await h.storage.updateUser(id, { bannedAt: Date.now() });
    },
  });
  alice = forged.alice;
  const { valid } = forged;
  for (const c of forged.tokens) cases.push({ ...c, header: () => `Bearer ${c.token}` });
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
