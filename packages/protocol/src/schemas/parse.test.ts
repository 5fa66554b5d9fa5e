import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../errors/codes.ts";
import { parseJson } from "../json/parse-json.ts";
import { MESSAGE_CONTENT_MAX_BYTES } from "../limits.ts";
import { RegisterRequestSchema } from "./http/auth.ts";
import { SendMessageRequestSchema } from "./http/messages.ts";
import { CreateRoomRequestSchema } from "./http/rooms.ts";
import { formatZodIssues, parseClientMessage, parseHttpBody, parseServerMessage } from "./parse.ts";

const ROOM = "550e8400-e29b-41d4-a716-446655440000";
const room = { type: "room", room_id: ROOM };

/** Raw text through the safe JSON decoder, then the message parser: the server's real path. */
function decode(text: string) {
  const json = parseJson(text);
  return json.ok ? parseClientMessage(json.value) : json;
}

describe("parseClientMessage error classes", () => {
  it("accepts a valid message", () => {
    const r = parseClientMessage({ type: "send_message", request_id: "r1", target: room, content: "hi" });
    expect(r).toEqual({
      ok: true,
      message: { type: "send_message", request_id: "r1", target: room, content: "hi" },
    });
  });

  it("non-objects and missing type are invalid_message", () => {
    for (const value of [null, 42, "send_message", [], [{ type: "ping" }], true]) {
      const r = parseClientMessage(value);
      expect(r.ok || r.error.code).toBe("invalid_message");
    }
    const r = parseClientMessage({ request_id: "7", content: "x" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("invalid_message");
      expect(r.error.details).toEqual({ reason: "missing_type" });
      expect(r.requestId).toBe("7");
    }
  });

  it("an unknown type is unknown_message_type, with the type clipped", () => {
    const r = parseClientMessage({ type: "x".repeat(10_000) });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("unknown_message_type");
      expect(JSON.stringify(r.error.toWire()).length).toBeLessThan(400);
    }
    const proto = parseClientMessage({ type: "toString" });
    expect(!proto.ok && proto.error.code).toBe("unknown_message_type");
  });

  it("a known type with wrong fields is invalid_message with a short issue list", () => {
    const r = parseClientMessage({ type: "join_room", request_id: "q", room_id: 12 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("invalid_message");
      expect(r.type).toBe("join_room");
      expect(r.requestId).toBe("q");
      expect(r.error.details?.issues).toEqual([
        { path: "room_id", message: expect.stringContaining("expected string"), code: "invalid_type" },
      ]);
    }
  });

  it("content rules map to content_invalid, as Lair reports them", () => {
    for (const content of ["", "   ", "\n\t", "a".repeat(MESSAGE_CONTENT_MAX_BYTES + 1), "é".repeat(2049)]) {
      const r = parseClientMessage({ type: "send_message", target: room, content });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("content_invalid");
        expect(r.error.status).toBe(400);
        expect(r.error.details?.field).toBe("content");
      }
    }
    // The limit is in bytes, like Rust's str::len: 4096 ASCII pass, 2048 two-byte chars pass.
    expect(parseClientMessage({ type: "send_message", target: room, content: "a".repeat(4096) }).ok).toBe(
      true,
    );
    expect(parseClientMessage({ type: "edit_message", message_id: ROOM, content: "é".repeat(2048) }).ok).toBe(
      true,
    );
  });

  it("registration rules keep their own codes", () => {
    const base = { type: "register", username: "alice", email: "a@example.com", password: "password1" };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ username: "_alice" }, "username_invalid"],
      [{ username: "al" }, "username_invalid"],
      [{ username: "a-b-c" }, "username_invalid"],
      [{ email: "nope" }, "email_invalid"],
      [{ email: "a@localhost" }, "email_invalid"],
      [{ password: "short" }, "password_too_weak"],
      [{ password: "x".repeat(2000) }, "validation_failed"],
    ];
    for (const [patch, code] of cases) {
      const r = parseClientMessage({ ...base, ...patch });
      expect(r.ok || r.error.code).toBe(code);
    }
    expect(parseClientMessage({ ...base, username: "José_99" }).ok).toBe(true);
  });

  it("room names are trimmed and checked", () => {
    const r = parseClientMessage({ type: "create_room", name: "  General  " });
    expect(r.ok && r.message.type === "create_room" && r.message.name).toBe("General");
    const blank = parseClientMessage({ type: "create_room", name: "   " });
    expect(blank.ok || blank.error.code).toBe("room_name_invalid");
  });
});

describe("parseServerMessage", () => {
  it("parses a Rust-style response with null request_id and an error", () => {
    const r = parseServerMessage({
      type: "get_messages_response",
      request_id: null,
      success: false,
      has_more: false,
      error: { code: "not_room_member", message: "Not a member of this room" },
    });
    expect(r.ok).toBe(true);
    if (r.ok && r.message.type === "get_messages_response" && !r.message.success) {
      expect(r.message.error.code).toBe("not_room_member");
    }
  });

  it("rejects a success response without its payload", () => {
    const r = parseServerMessage({ type: "send_message_response", success: true });
    expect(r.ok || r.error.code).toBe("invalid_message");
  });

  it("accepts the Rust +00:00 timestamps", () => {
    expect(parseServerMessage({ type: "pong", server_time: "2025-01-21T12:00:00.123456+00:00" }).ok).toBe(
      true,
    );
  });
});

describe("parseHttpBody", () => {
  it("returns the parsed value", () => {
    const r = parseHttpBody(SendMessageRequestSchema, {
      target: { type: "direct_message", recipient: ROOM },
      content: "hey",
    });
    expect(r).toEqual({ ok: true, value: { target: { type: "dm", recipient: ROOM }, content: "hey" } });
  });

  it("reports validation_failed, or the rule's own code", () => {
    const missing = parseHttpBody(RegisterRequestSchema, { username: "alice" });
    expect(missing.ok || missing.error.code).toBe("validation_failed");
    const weak = parseHttpBody(RegisterRequestSchema, { username: "alice", email: "a@b.co", password: "1" });
    expect(weak.ok || weak.error.code).toBe("password_too_weak");
    const name = parseHttpBody(CreateRoomRequestSchema, { name: "n".repeat(65) });
    expect(name.ok || name.error.code).toBe("room_name_invalid");
  });
});

describe("formatZodIssues", () => {
  it("keeps path and message, caps the count and never echoes input", () => {
    const secret = "s3cr3t-value";
    const r = SendMessageRequestSchema.safeParse({ target: { type: "room", room_id: [secret] }, content: 5 });
    expect(r.success).toBe(false);
    if (!r.success) {
      const issues = formatZodIssues(r.error.issues, 1);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.path).toBe("target.room_id");
      expect(JSON.stringify(formatZodIssues(r.error.issues))).not.toContain(secret);
    }
  });
});

describe("bad-input corpus", () => {
  const big = "a".repeat(1024 * 1024);
  const corpus: Array<[name: string, text: string, code: string]> = [
    ["null", "null", "invalid_message"],
    ["number", "42", "invalid_message"],
    ["string", '"ping"', "invalid_message"],
    ["array", '[{"type":"ping"}]', "invalid_message"],
    ["empty object", "{}", "invalid_message"],
    ["type is a number", '{"type":7}', "invalid_message"],
    ["type is null", '{"type":null}', "invalid_message"],
    ["type is an object", '{"type":{"name":"ping"}}', "invalid_message"],
    ["unknown type", '{"type":"fly_to_moon"}', "unknown_message_type"],
    ["prototype name as type", '{"type":"__proto__"}', "unknown_message_type"],
    ["constructor as type", '{"type":"constructor"}', "unknown_message_type"],
    [
      "__proto__ key",
      `{"type":"join_room","room_id":"${ROOM}","__proto__":{"admin":true}}`,
      "invalid_message",
    ],
    ["nested __proto__ key", `{"type":"resume","since":{"__proto__":{"x":1}}}`, "invalid_message"],
    ["room id as number", '{"type":"join_room","room_id":12345}', "invalid_message"],
    ["room id with spaces", '{"type":"join_room","room_id":"a b"}', "invalid_message"],
    ["target is an array", '{"type":"send_message","target":[],"content":"x"}', "invalid_message"],
    [
      "target is a string",
      `{"type":"send_message","target":"room:${ROOM}","content":"x"}`,
      "invalid_message",
    ],
    [
      "target type unknown",
      `{"type":"send_message","target":{"type":"group","room_id":"${ROOM}"},"content":"x"}`,
      "invalid_message",
    ],
    [
      "content is a number",
      `{"type":"send_message","target":${JSON.stringify(room)},"content":5}`,
      "invalid_message",
    ],
    [
      "content is null",
      `{"type":"send_message","target":${JSON.stringify(room)},"content":null}`,
      "invalid_message",
    ],
    [
      "blank content",
      `{"type":"send_message","target":${JSON.stringify(room)},"content":"  \\n "}`,
      "content_invalid",
    ],
    [
      "1 MiB content",
      `{"type":"send_message","target":${JSON.stringify(room)},"content":"${big}"}`,
      "content_invalid",
    ],
    [
      "client_message_id too long",
      `{"type":"send_message","target":${JSON.stringify(room)},"content":"x","client_message_id":"${"c".repeat(65)}"}`,
      "invalid_message",
    ],
    ["limit as string", '{"type":"list_rooms","limit":"10"}', "invalid_message"],
    ["negative offset", '{"type":"list_users","offset":-1}', "invalid_message"],
    ["resume with a bad key", '{"type":"resume","since":{"room:a:b":1}}', "invalid_message"],
    ["resume with unsorted dm key", '{"type":"resume","since":{"dm:b:a":1}}', "invalid_message"],
    ["resume with a fractional seq", `{"type":"resume","since":{"room:${ROOM}":1.5}}`, "invalid_message"],
    ["features not an array", '{"type":"client_hello","version":"1.1","features":"seq"}', "invalid_message"],
    ["token missing", '{"type":"authenticate"}', "invalid_message"],
    ["request_id is an object", '{"type":"ping","request_id":{}}', "invalid_message"],
    ["malformed JSON", '{"type":"ping"', "invalid_message"],
    ["too deep", `${"[".repeat(100)}${"]".repeat(100)}`, "invalid_message"],
  ];

  it.each(corpus)("%s → %s", (_name, text, code) => {
    const r = decode(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.name).toBe("LairError");
      expect(r.error.code).toBe(code);
      expect(Object.hasOwn(ERROR_CODES, r.error.code)).toBe(true);
      // The error that goes back to the peer stays small, whatever came in.
      expect(JSON.stringify(r.error.toWire()).length).toBeLessThan(4096);
    }
  });
});
