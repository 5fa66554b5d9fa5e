/**
 * The HTTP half of the wire contract (docs/protocol.md#http): every route of the protocol's
 * HTTP_ROUTES is called against a real server, and every status and body must match the route's
 * declared status and response schema strictly (no key the schema does not list, none missing).
 * The real-time half is contract-responses.test.ts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ErrorBodySchema,
  HTTP_ROUTES,
  HTTP_STREAM_ROUTES,
  type HttpOperationId,
  type HttpStreamOperationId,
} from "@lair-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { strictProblems } from "./contract-strict.ts";
import type { Json } from "./http-harness.ts";
import { type Account, type Harness, PASSWORD, startHarness } from "./realtime-harness.ts";

let h: Harness;
let admin: Account;
let alice: Account;
let bob: Account;
let carol: Account;
const called = new Set<string>();
let blobDir: string;

beforeAll(async () => {
  blobDir = await mkdtemp(join(tmpdir(), "lair-contract-http-"));
  h = await startHarness({
    admin: { username: "root_http", password: PASSWORD, email: "root_http@example.com" },
    attachments: { directory: blobDir, gcIntervalMs: 0 },
  });
  alice = await h.register("alice_ch");
  bob = await h.register("bob_ch");
  carol = await h.register("carol_ch");
});
afterAll(async () => {
  await h.close();
  await rm(blobDir, { recursive: true, force: true });
});

interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** Call one route by operation id; check its status and body against the route's schema. */
async function call(
  op: HttpOperationId,
  token: string | undefined,
  options: CallOptions = {},
): Promise<Json> {
  const route = HTTP_ROUTES.find((r) => r.operationId === op);
  if (!route) throw new Error(`no route ${op}`);
  let path = route.path.replace(/\{(\w+)\}/g, (_, key: string) =>
    encodeURIComponent(options.params?.[key] ?? ""),
  );
  if (options.query) path += `?${new URLSearchParams(options.query)}`;
  const res = await h.api(route.method, path, token, options.body);
  expect(res.status, `${op}: ${JSON.stringify(res.body)}`).toBe(route.status);
  expect(strictProblems(route.response, res.body, op)).toEqual([]);
  called.add(op);
  return res.body;
}

/**
 * Call a raw-bytes route (HTTP_STREAM_ROUTES) by operation id: raw body in, and either a JSON
 * body checked strictly against the route's schema, or the raw bytes, out.
 */
async function callStream(
  op: HttpStreamOperationId,
  token: string,
  options: { params?: Record<string, string>; query?: Record<string, string>; body?: Uint8Array } = {},
): Promise<{ json: Json; bytes: Buffer; headers: Headers }> {
  const route = HTTP_STREAM_ROUTES.find((r) => r.operationId === op);
  if (!route) throw new Error(`no stream route ${op}`);
  let path = route.path.replace(/\{(\w+)\}/g, (_, key: string) =>
    encodeURIComponent(options.params?.[key] ?? ""),
  );
  if (options.query) path += `?${new URLSearchParams(options.query)}`;
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if ("rawBody" in route) headers["content-type"] = route.rawBody.contentType;
  const res = await fetch(`${h.httpUrl}${path}`, {
    method: route.method,
    headers,
    ...(options.body ? { body: Buffer.from(options.body) } : {}),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(res.status, `${op}: ${bytes.toString().slice(0, 200)}`).toBe(route.status);
  let json: Json = {};
  if ("contentType" in route.response) {
    expect(res.headers.get("content-type")).not.toMatch(/json/);
  } else {
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    json = JSON.parse(bytes.toString());
    expect(strictProblems(route.response, json, op)).toEqual([]);
  }
  called.add(op);
  return { json, bytes, headers: res.headers };
}

/** A failing call: the error body must match `{error: {code, message, details?}}` strictly. */
async function fail(method: string, path: string, token: string | undefined, status: number, code: string) {
  const res = await h.api(method, path, token);
  expect(res.status).toBe(status);
  expect(strictProblems(ErrorBodySchema, res.body, `${method} ${path}`)).toEqual([]);
  expect((res.body as Json).error.code).toBe(code);
}

describe("HTTP responses match the protocol schemas strictly", () => {
  it("health, readiness and the OpenAPI document", async () => {
    await call("health", undefined);
    await call("ready", undefined);
    await call("openApiDocument", undefined);
  });

  it("auth and users", async () => {
    const reg = await call("register", undefined, {
      body: { username: "dave_ch", email: "dave_ch@example.com", password: "correct horse battery" },
    });
    expect(reg.session.id).toBeTypeOf("string");
    const dave = await call("login", undefined, {
      body: { identifier: "DAVE_CH@example.com", password: "correct horse battery" },
    });
    await call("refreshToken", dave.token);
    await call("getCurrentUser", alice.token);
    await call("updateProfile", alice.token, { body: { email: "alice_ch2@example.com" } });
    const users = await call("listUsers", alice.token, { query: { search: "_ch", limit: "2" } });
    expect(users.total_count).toBeGreaterThan(users.users.length);
    expect(users.has_more).toBe(true);
    await call("listUsers", alice.token, { query: { online_only: "true" } });
    await call("getUser", alice.token, { params: { user_id: bob.user.id } });
    await call("changePassword", dave.token, {
      body: { current_password: "correct horse battery", new_password: "another horse battery" },
    });
    const again = await call("login", undefined, {
      body: { identifier: "dave_ch", password: "another horse battery" },
    });
    await call("logout", again.token);
    await fail("GET", "/api/v1/users/me", again.token, 401, "session_not_found");
  });

  it("rooms and members", async () => {
    const room = (
      await call("createRoom", alice.token, { body: { name: "contract-http", description: "d" } })
    ).room;
    await call("createRoom", alice.token, { body: { name: "contract-http-2", settings: { public: false } } });
    const list = await call("listRooms", alice.token, { query: { limit: "1" } });
    expect(list.total_count).toBeGreaterThanOrEqual(2);
    expect(list.has_more).toBe(true);
    await call("listRooms", bob.token, {
      query: { joined_only: "true", public_only: "true", search: "contract" },
    });
    const outside = await call("getRoom", bob.token, { params: { room_id: room.id } });
    expect(outside.membership).toBeNull();
    await call("updateRoom", alice.token, {
      params: { room_id: room.id },
      body: { description: "new", settings: { max_members: 10 } },
    });
    await call("joinRoom", bob.token, { params: { room_id: room.id } });
    await call("joinRoom", carol.token, { params: { room_id: room.id } });
    const members = await call("listMembers", alice.token, {
      params: { room_id: room.id },
      query: { limit: "1" },
    });
    expect(members.total).toBe(3);
    await call("updateMemberRole", alice.token, {
      params: { room_id: room.id, user_id: bob.user.id },
      body: { role: "moderator" },
    });
    await call("kickMember", bob.token, { params: { room_id: room.id, user_id: carol.user.id } });
    await call("banMember", alice.token, {
      params: { room_id: room.id, user_id: carol.user.id },
      body: { reason: "r" },
    });
    await call("unbanMember", alice.token, { params: { room_id: room.id, user_id: carol.user.id } });
    await call("leaveRoom", bob.token, { params: { room_id: room.id } });
    await call("deleteRoom", alice.token, { params: { room_id: room.id } });
    await fail("GET", `/api/v1/rooms/${room.id}`, alice.token, 404, "room_not_found");
  });

  it("messages", async () => {
    const room = (await call("createRoom", alice.token, { body: { name: "contract-http-msg" } })).room;
    const target = { type: "room", room_id: room.id };
    const first = (await call("sendMessage", alice.token, { body: { target, content: "one" } })).message;
    const keyed = await call("sendMessage", alice.token, {
      body: { target, content: "two", client_message_id: "c-1" },
    });
    expect(keyed.message.client_message_id).toBe("c-1");
    expect(keyed.message.seq).toBeTypeOf("number");
    await call("sendMessage", alice.token, {
      body: { target: { type: "direct_message", recipient: bob.user.id }, content: "dm" },
    });
    await call("editMessage", alice.token, { params: { message_id: first.id }, body: { content: "one!" } });
    await call("deleteMessage", alice.token, { params: { message_id: first.id } });
    const plain = await call("getMessages", alice.token, {
      query: { target_type: "room", target_id: room.id, limit: "1" },
    });
    expect(plain.has_more).toBe(false);
    const cursor = await call("getMessages", alice.token, {
      query: { target_type: "room", target_id: room.id, cursor: "true", limit: "1" },
    });
    expect(cursor.next_cursor).toBeTypeOf("number");
    await call("getMessages", alice.token, {
      query: { target_type: "room", target_id: room.id, after_seq: "0" },
    });
    await call("getMessages", bob.token, {
      query: { target_type: "direct_message", target_id: alice.user.id },
    });
    const unread = await call("getUnreadCounts", bob.token);
    expect(unread.unread_counts.by_dm[alice.user.id]).toBe(1);
    await call("markRead", bob.token, {
      body: { target: { type: "direct_message", recipient: alice.user.id } },
    });
    await fail("DELETE", `/api/v1/messages/${first.id}`, alice.token, 404, "message_not_found");
  });

  it("attachments (raw-bytes routes)", async () => {
    const room = (await call("createRoom", alice.token, { body: { name: "contract-http-att" } })).room;
    const bytes = new TextEncoder().encode("plain text file\n");
    const up = await callStream("uploadAttachment", alice.token, {
      query: { name: "notes.txt" },
      body: bytes,
    });
    expect(up.json.attachment).toMatchObject({
      name: "notes.txt",
      mime_type: "text/plain",
      size: bytes.length,
    });
    const sent = await call("sendMessage", alice.token, {
      body: {
        target: { type: "room", room_id: room.id },
        content: "file",
        attachments: [up.json.attachment.id],
      },
    });
    expect(sent.message.attachments).toEqual([up.json.attachment]);
    const down = await callStream("downloadAttachment", alice.token, {
      params: { attachment_id: up.json.attachment.id },
    });
    expect(down.bytes.equals(Buffer.from(bytes))).toBe(true);
    expect(down.headers.get("etag")).toBe(`"${up.json.attachment.sha256}"`);
    await fail("GET", `/api/v1/attachments/${up.json.attachment.id}`, bob.token, 404, "attachment_not_found");
  });

  it("invitations", async () => {
    const room = (
      await call("createRoom", alice.token, {
        body: { name: "contract-http-inv", settings: { public: false } },
      })
    ).room;
    const toBob = (
      await call("createInvitation", alice.token, { body: { room_id: room.id, user_id: bob.user.id } })
    ).invitation;
    const listed = await call("listInvitations", bob.token, { query: { limit: "10" } });
    expect(listed.invitations.map((i: Json) => i.id)).toContain(toBob.id);
    await call("acceptInvitation", bob.token, { params: { invitation_id: toBob.id } });
    const toCarol = (
      await call("createInvitation", alice.token, {
        body: { room_id: room.id, user_id: carol.user.id, message: "hi" },
      })
    ).invitation;
    await call("declineInvitation", carol.token, { params: { invitation_id: toCarol.id } });
    const again = (
      await call("createInvitation", alice.token, { body: { room_id: room.id, user_id: carol.user.id } })
    ).invitation;
    await call("cancelInvitation", alice.token, { params: { invitation_id: again.id } });
  });

  it("admin", async () => {
    const root = await h.login("root_http");
    const stats = await call("getStats", root.token);
    expect(stats.stats.total_users).toBeGreaterThan(0);
    const victim = await h.register("victim_ch");
    const ban = await call("banUser", root.token, {
      params: { user_id: victim.user.id },
      body: { reason: "r" },
    });
    expect(ban.expires_at).toBeNull();
    await call("unbanUser", root.token, { params: { user_id: victim.user.id } });
    const promoted = await call("setUserRole", root.token, {
      params: { user_id: victim.user.id },
      body: { role: "moderator" },
    });
    expect(promoted.user.role).toBe("moderator");
    await h.login("victim_ch");
    const revoked = await call("revokeUserSessions", root.token, { params: { user_id: victim.user.id } });
    expect(revoked.revoked_sessions).toBeGreaterThanOrEqual(1);
    const room = (await call("createRoom", alice.token, { body: { name: "contract-http-adm" } })).room;
    await call("adminDeleteRoom", root.token, { params: { room_id: room.id }, body: { reason: "spam" } });
    admin = root;
    await fail("GET", "/api/v1/admin/stats", alice.token, 403, "permission_denied");
  });

  it("called every route of HTTP_ROUTES and HTTP_STREAM_ROUTES", () => {
    expect(admin).toBeDefined();
    const missing = [...HTTP_ROUTES, ...HTTP_STREAM_ROUTES]
      .map((r) => r.operationId)
      .filter((op) => !called.has(op));
    expect(missing).toEqual([]);
  });
});
