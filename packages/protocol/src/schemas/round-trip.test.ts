/** Property tests: valid messages survive JSON and parse to a stable form. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseClientMessage, parseServerMessage } from "./parse.ts";

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,36}$/);
const timestampArb = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString());
const contentArb = fc.string({ minLength: 1, maxLength: 300 }).filter((s) => s.trim().length > 0);
const requestIdArb = fc.option(fc.string({ maxLength: 40 }), { nil: undefined });
const targetArb = fc.oneof(
  fc.record({ type: fc.constant("room" as const), room_id: idArb }),
  fc.record({ type: fc.constant("dm" as const), recipient: idArb }),
  fc.record({ type: fc.constant("direct_message" as const), recipient: idArb }),
);
const seqArb = fc.integer({ min: 0, max: 2 ** 40 });

const userArb = fc.record({
  id: idArb,
  username: fc.stringMatching(/^[a-z][a-z0-9_]{2,20}$/),
  email: fc.constant("someone@example.com"),
  role: fc.constantFrom("user" as const, "moderator" as const, "admin" as const),
  created_at: timestampArb,
  updated_at: timestampArb,
  last_seen_at: fc.option(timestampArb, { nil: null }),
});

const messageArb = fc.record(
  {
    id: idArb,
    author: idArb,
    target: targetArb,
    content: fc.string({ maxLength: 200 }),
    edited: fc.boolean(),
    created_at: timestampArb,
    seq: seqArb,
    client_message_id: fc.string({ minLength: 1, maxLength: 64 }),
    deleted: fc.boolean(),
  },
  { requiredKeys: ["id", "author", "target", "content", "edited", "created_at"] },
);

const roomArb = fc.record({
  id: idArb,
  name: fc.string({ minLength: 1, maxLength: 30 }),
  owner: idArb,
  settings: fc.record({
    description: fc.option(fc.string({ maxLength: 50 }), { nil: null }),
    is_private: fc.boolean(),
    max_members: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  }),
  created_at: timestampArb,
});

const clientMessageArb = fc.oneof(
  fc.record({
    type: fc.constant("send_message"),
    request_id: requestIdArb,
    target: targetArb,
    content: contentArb,
    client_message_id: fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant("edit_message"),
    request_id: requestIdArb,
    message_id: idArb,
    content: contentArb,
  }),
  fc.record({ type: fc.constant("join_room"), request_id: requestIdArb, room_id: idArb }),
  fc.record({ type: fc.constant("typing"), target: targetArb }),
  fc.record({ type: fc.constant("ping") }),
  fc.record({
    type: fc.constant("client_hello"),
    version: fc.constantFrom("1.0", "1.1"),
    client_name: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
    features: fc.subarray(["seq", "idempotency", "resume", "cursor", "hardened", "encryption"]),
  }),
  fc.record({
    type: fc.constant("list_rooms"),
    request_id: requestIdArb,
    filter: fc.option(
      fc.record({
        search: fc.string({ maxLength: 20 }),
        joined_only: fc.boolean(),
        public_only: fc.boolean(),
      }),
      { nil: null },
    ),
    limit: fc.integer({ min: 1, max: 500 }),
    offset: fc.integer({ min: 0, max: 10_000 }),
  }),
  fc.record({
    type: fc.constant("resume"),
    request_id: requestIdArb,
    since: fc.dictionary(
      idArb.map((id) => `room:${id}`),
      seqArb,
      { maxKeys: 5 },
    ),
  }),
);

const serverMessageArb = fc.oneof(
  fc.record({
    type: fc.constant("message_received"),
    id: idArb,
    timestamp: timestampArb,
    message: messageArb,
    author_username: fc.string({ maxLength: 32 }),
    seq: seqArb,
  }),
  fc.record({
    type: fc.constant("user_left_room"),
    room_id: idArb,
    user_id: idArb,
    reason: fc.constantFrom("left", "kicked", "banned", "room deleted"),
  }),
  fc.record({
    type: fc.constant("send_message_response"),
    request_id: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
    success: fc.constant(true),
    message: messageArb,
  }),
  fc.record({
    type: fc.constant("join_room_response"),
    request_id: requestIdArb,
    success: fc.constant(false),
    error: fc.record({ code: fc.constantFrom("room_not_found", "not_room_member"), message: fc.string() }),
  }),
  fc.record({
    type: fc.constant("room_updated"),
    room: roomArb,
    changed_by: idArb,
  }),
  fc.record({
    type: fc.constant("server_hello"),
    version: fc.constant("1.1"),
    server_name: fc.string({ maxLength: 30 }),
    features: fc.subarray(["seq", "idempotency", "resume", "cursor", "hardened", "encryption"]),
    encryption_required: fc.boolean(),
  }),
  fc.record({
    type: fc.constant("user_joined_room"),
    room_id: idArb,
    user: userArb,
    membership: fc.record({
      room_id: idArb,
      user_id: idArb,
      role: fc.constantFrom("owner", "moderator", "member"),
      joined_at: timestampArb,
    }),
  }),
  fc.record({
    type: fc.constant("resume_response"),
    request_id: requestIdArb,
    success: fc.constant(true),
    results: fc.dictionary(
      idArb.map((id) => `room:${id}`),
      fc.record({ recovered: fc.boolean(), last_seq: seqArb }, { requiredKeys: ["recovered"] }),
      { maxKeys: 4 },
    ),
  }),
);

function viaJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe("schema round trips", () => {
  it("valid client messages parse, and parsing the result again changes nothing", () => {
    fc.assert(
      fc.property(clientMessageArb, (input) => {
        const first = parseClientMessage(viaJson(input));
        if (!first.ok) throw first.error;
        const second = parseClientMessage(viaJson(first.message));
        if (!second.ok) throw second.error;
        expect(second.message).toEqual(first.message);
      }),
      { numRuns: 300 },
    );
  });

  it("valid server messages parse, and parsing the result again changes nothing", () => {
    fc.assert(
      fc.property(serverMessageArb, (input) => {
        const first = parseServerMessage(viaJson(input));
        if (!first.ok) throw first.error;
        const second = parseServerMessage(viaJson(first.message));
        if (!second.ok) throw second.error;
        expect(second.message).toEqual(first.message);
      }),
      { numRuns: 300 },
    );
  });

  it("parsed output never spells a DM target direct_message", () => {
    fc.assert(
      fc.property(clientMessageArb, serverMessageArb, (c, s) => {
        for (const result of [parseClientMessage(viaJson(c)), parseServerMessage(viaJson(s))]) {
          expect(result.ok).toBe(true);
          expect(JSON.stringify(result)).not.toContain('"direct_message"');
        }
      }),
      { numRuns: 200 },
    );
  });

  it("list limits above the maximum are clamped, not refused", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 32 - 1 }), (limit) => {
        const r = parseClientMessage({ type: "list_rooms", limit });
        expect(r.ok && r.message.type === "list_rooms" && r.message.limit).toBe(Math.min(limit, 100));
      }),
    );
  });

  it("never throws, whatever the value", () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.constantFrom("send_message", "resume", "message_received", "list_rooms"),
        (v, type) => {
          const withType = typeof v === "object" && v !== null && !Array.isArray(v) ? { ...v, type } : v;
          for (const value of [v, withType]) {
            const c = parseClientMessage(value);
            const s = parseServerMessage(value);
            if (!c.ok) expect(c.error.name).toBe("LairError");
            if (!s.ok) expect(s.error.name).toBe("LairError");
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
