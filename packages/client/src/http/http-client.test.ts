import { describe, expect, it } from "vitest";
import { schemaValidator as validator } from "../validation/schema-validator.ts";
import { createAuthApi } from "./auth-api.ts";
import { HttpClient } from "./http-client.ts";
import { createMessagesApi } from "./messages-api.ts";
import { createRoomsApi } from "./rooms-api.ts";

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that records requests and answers from a queue, like a tiny scripted server. */
function scriptedFetch(answers: Array<() => Response>) {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: URL | RequestInfo, init?: RequestInit) => {
    seen.push({
      method: init?.method ?? "GET",
      url: String(input),
      headers: init?.headers as Record<string, string>,
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    });
    const next = answers.shift();
    if (!next) throw new TypeError("fetch failed");
    return next();
  }) as typeof fetch;
  return { seen, fetchImpl };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });

const user = {
  id: "u1",
  username: "alice",
  email: "alice@example.com",
  role: "user",
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z",
  last_seen_at: null,
};

describe("HttpClient", () => {
  it("logs in, stores the token through the hook and sends it afterwards", async () => {
    let token: string | undefined;
    const { seen, fetchImpl } = scriptedFetch([
      json(200, { user, session: { id: "s1", expires_at: "2025-01-02T00:00:00Z" }, token: "t0k" }),
      json(200, { rooms: [], has_more: false, total_count: 0 }),
    ]);
    const http = new HttpClient({
      baseUrl: "http://chat.test/",
      fetch: fetchImpl,
      getToken: () => token,
      validator,
    });
    const auth = createAuthApi(http, {
      signedIn: async (r) => {
        token = r.token;
      },
      tokenRefreshed: async () => {},
      signedOut: async () => {
        token = undefined;
      },
    });
    const res = await auth.login({ identifier: "alice", password: "password1" });
    expect(res.user.username).toBe("alice");
    expect(seen[0]).toMatchObject({ method: "POST", url: "http://chat.test/api/v1/auth/login" });
    expect(seen[0]!.headers.authorization).toBeUndefined();
    await createRoomsApi(http).list({ joinedOnly: true, limit: 5 });
    expect(seen[1]!.url).toBe("http://chat.test/api/v1/rooms?joined_only=true&limit=5");
    expect(seen[1]!.headers.authorization).toBe("Bearer t0k");
  });

  it("rebuilds LairError from the error body, with retry_after from the header", async () => {
    const { fetchImpl } = scriptedFetch([
      json(403, { error: { code: "not_room_member", message: "Not a member", details: { room_id: "r" } } }),
      json(429, { error: { code: "rate_limited", message: "slow down" } }, { "retry-after": "7" }),
      () => new Response("<html>bad gateway</html>", { status: 502 }),
    ]);
    const messages = createMessagesApi(
      new HttpClient({ baseUrl: "http://x.test", fetch: fetchImpl, getToken: () => "t", validator }),
    );
    const target = { type: "room", room_id: "r" } as const;
    await expect(messages.send({ target, content: "hi" })).rejects.toMatchObject({
      name: "LairError",
      code: "not_room_member",
      message: "Not a member",
      details: { room_id: "r" },
    });
    await expect(messages.send({ target, content: "hi" })).rejects.toMatchObject({
      code: "rate_limited",
      details: { retry_after: 7 },
    });
    await expect(messages.send({ target, content: "hi" })).rejects.toMatchObject({ code: "internal_error" });
  });

  it("refreshes an expired token once and retries the call", async () => {
    let token = "old";
    const { seen, fetchImpl } = scriptedFetch([
      json(401, { error: { code: "token_expired", message: "expired" } }),
      json(200, { messages: [], has_more: false }),
      json(401, { error: { code: "token_expired", message: "expired" } }),
      json(401, { error: { code: "token_expired", message: "expired" } }),
    ]);
    let refreshes = 0;
    const http = new HttpClient({
      baseUrl: "http://x.test",
      fetch: fetchImpl,
      getToken: () => token,
      validator,
      onTokenExpired: async () => {
        refreshes++;
        token = `new${refreshes}`;
        return true;
      },
    });
    const messages = createMessagesApi(http);
    await messages.history({ target: { type: "room", room_id: "r" } });
    expect(seen.map((s) => s.headers.authorization)).toEqual(["Bearer old", "Bearer new1"]);
    // A second expiry right after the refresh is not retried again.
    await expect(messages.history({ target: { type: "room", room_id: "r" } })).rejects.toMatchObject({
      code: "token_expired",
    });
    expect(refreshes).toBe(2);
  });

  it("reports network failures and malformed responses", async () => {
    const { fetchImpl } = scriptedFetch([json(200, { message: { id: "m1" } })]);
    const messages = createMessagesApi(
      new HttpClient({ baseUrl: "http://x.test", fetch: fetchImpl, getToken: () => "t", validator }),
    );
    const target = { type: "dm", recipient: "u2" } as const;
    await expect(messages.edit("m1", "x")).rejects.toMatchObject({ code: "invalid_message" });
    await expect(messages.edit("m1", "x")).rejects.toMatchObject({ code: "network_error" });
    expect(() => new HttpClient({ baseUrl: "ftp://x", getToken: () => undefined, validator })).toThrow(
      TypeError,
    );
    void target;
  });

  it("spells DM targets the HTTP way and passes cursor parameters", async () => {
    const { seen, fetchImpl } = scriptedFetch([
      json(200, { messages: [], has_more: false, next_cursor: null }),
      json(201, {
        message: {
          id: "m1",
          author: "u1",
          target: { type: "dm", recipient: "u2" },
          content: "hi",
          edited: false,
          created_at: "2025-01-01T00:00:00Z",
          seq: 1,
          client_message_id: "c1",
        },
      }),
    ]);
    const messages = createMessagesApi(
      new HttpClient({ baseUrl: "http://x.test", fetch: fetchImpl, getToken: () => "t", validator }),
    );
    await messages.history({ target: { type: "dm", recipient: "u2" }, afterSeq: 10, limit: 100 });
    expect(seen[0]!.url).toBe(
      "http://x.test/api/v1/messages?target_type=direct_message&target_id=u2&limit=100&after_seq=10",
    );
    const sent = await messages.send({
      target: { type: "dm", recipient: "u2" },
      content: "hi",
      clientMessageId: "c1",
    });
    expect(seen[1]!.body).toEqual({
      target: { type: "direct_message", recipient: "u2" },
      content: "hi",
      client_message_id: "c1",
    });
    expect(sent.message.target).toEqual({ type: "dm", recipient: "u2" });
  });
});
