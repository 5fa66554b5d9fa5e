/**
 * The forged-token table (./forged-token-cases.ts, the same as over HTTP) on every real-time
 * entry point: `authenticate` over WebSocket and TCP, and `/ws?token=`. Each token is refused with
 * its code in an `authenticate_response`, and the connection stays open in the auth state, so a
 * genuine `authenticate` afterwards succeeds (docs/protocol.md#connection-flow: a failed
 * authentication does not close the connection).
 */
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CaseSession, type ForgedToken, forgedTokens } from "./forged-token-cases.ts";
import type { Msg, TestClient } from "./realtime-client.ts";
import { type Account, type Harness, PASSWORD, startHarness, within } from "./realtime-harness.ts";

const SECRET = "realtime-forged-secret-0123456789abcdef";
const ENTRY_POINTS = ["ws authenticate", "ws ?token=", "tcp authenticate"] as const;
type EntryPoint = (typeof ENTRY_POINTS)[number];

let h: Harness;
let alice: CaseSession;
let cases: ForgedToken[] = [];
let seq = 0;

const asSession = (a: Account): CaseSession => ({
  id: a.user.id,
  username: a.user.username,
  token: a.token,
  sessionId: a.session.id,
});

beforeAll(async () => {
  const storage = createMemoryStorage();
  h = await startHarness({ storage, jwtSecret: SECRET });
  const forged = await forgedTokens({
    secret: SECRET,
    newUser: async (prefix) => asSession(await h.register(`${prefix}_${++seq}`)),
    login: async (username) => asSession(await h.login(username)),
    async logout(token) {
      expect((await h.api("POST", "/api/v1/auth/logout", token)).status).toBe(200);
    },
    async changePassword(token) {
      const body = { current_password: PASSWORD, new_password: "another password 1" };
      expect((await h.api("POST", "/api/v1/auth/change-password", token, body)).status).toBe(200);
    },
    async markDeleted(id) {
      await storage.updateUser(id, { deletedAt: Date.now() });
    },
    async markBanned(id) {
      await storage.updateUser(id, { bannedAt: Date.now() });
    },
  });
  alice = forged.alice;
  cases = forged.tokens;

  // Realtime only: a genuine token of another Lair server (its own secret, its own session).
  const other = await startHarness({ jwtSecret: "another-server-secret-0123456789abcdef" });
  try {
    const stranger = await other.register(`stranger_${++seq}`);
    cases.push({ name: "another server's token", token: stranger.token, status: 401, code: "invalid_token" });
  } finally {
    await other.close();
  }
});
afterAll(() => h.close());

const wait = <T>(p: Promise<T>, what: string) => within(5000, p, what);

/** Open a connection at `entry` presenting `token`; returns it and the authenticate_response. */
async function present(entry: EntryPoint, token: string): Promise<{ c: TestClient; res: Msg }> {
  if (entry === "ws ?token=") {
    const c = await h.ws(token);
    await wait(c.waitForType("server_hello"), "server_hello");
    return { c, res: await wait(c.waitForType("authenticate_response"), "authenticate_response") };
  }
  const c = entry === "tcp authenticate" ? await h.tcp() : await h.ws();
  await wait(c.waitForType("server_hello"), "server_hello");
  c.send({ type: "client_hello", version: "1.1" });
  return { c, res: await wait(c.request("authenticate", { token }), "authenticate_response") };
}

/** After a refusal: (`?token=`: the handshake, then) a genuine authenticate works. */
async function authenticateGenuinely(entry: EntryPoint, c: TestClient): Promise<void> {
  if (entry === "ws ?token=") c.send({ type: "client_hello", version: "1.1" });
  const ok = await wait(c.request("authenticate", { token: alice.token }), "authenticate_response");
  expect(ok).toMatchObject({ type: "authenticate_response", success: true, user: { id: alice.id } });
  const me = await wait(c.request("get_current_user"), "get_current_user_response");
  expect(me).toMatchObject({ success: true, user: { id: alice.id } });
}

const refusal = (res: Msg) => ({
  type: res.type,
  success: res.success,
  code: (res.error as Msg | undefined)?.code,
});

describe.each(ENTRY_POINTS)("%s", (entry) => {
  it("refuses every forged token with its code, then accepts a genuine authenticate", async () => {
    for (const t of cases) {
      const { c, res } = await present(entry, t.token);
      expect({ case: t.name, ...refusal(res) }).toEqual({
        case: t.name,
        type: "authenticate_response",
        success: false,
        code: t.code,
      });
      // Nothing runs on the refused connection...
      expect(await wait(c.request("get_current_user"), "refusal")).toMatchObject({
        type: "error",
        code: "unauthorized",
      });
      // ...and it stays usable for a proper authenticate.
      await authenticateGenuinely(entry, c);
      c.close();
    }
  });

  it("keeps one connection usable through every refusal in a row", async () => {
    const first = cases[0]!;
    const { c, res } = await present(entry, first.token);
    expect(refusal(res).code).toBe(first.code);
    if (entry === "ws ?token=") c.send({ type: "client_hello", version: "1.1" });
    for (const t of cases) {
      const again = await wait(c.request("authenticate", { token: t.token }), "authenticate_response");
      expect({ case: t.name, ...refusal(again) }).toEqual({
        case: t.name,
        type: "authenticate_response",
        success: false,
        code: t.code,
      });
    }
    const ok = await wait(c.request("authenticate", { token: alice.token }), "authenticate_response");
    expect(ok).toMatchObject({ success: true, user: { id: alice.id } });
    c.close();
  });
});

describe("the genuine token", () => {
  it.each(ENTRY_POINTS)("authenticates at %s", async (entry) => {
    const { c, res } = await present(entry, alice.token);
    expect(res).toMatchObject({ type: "authenticate_response", success: true, user: { id: alice.id } });
    c.close();
  });
});
