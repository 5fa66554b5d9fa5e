/**
 * A bad-input corpus sent to both real-time transports. Each frame is either answered with a
 * typed `error` / failed `<type>_response` (and the connection keeps working) or, for what
 * breaks the framing, the connection is closed; nothing crashes the handler, and afterwards a
 * fresh client still authenticates and chats.
 */
import { connect, type Socket } from "node:net";
import { encodeFrame } from "@lair-chat/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Msg, TestClient } from "./realtime-client.ts";
import { type Account, type Harness, startHarness, within } from "./realtime-harness.ts";

let h: Harness;
let user: Account;
let roomId: string;

beforeAll(async () => {
  h = await startHarness();
  user = await h.register("fuzz_user");
  const c = await h.connect("ws", user);
  roomId = String(((await c.request("create_room", { name: "fuzz-room" })).room as Msg).id);
  c.close();
});
afterAll(() => h.close());

const room = () => ({ type: "room", room_id: roomId });
const deep = (n: number) => `{"type":"send_message","x":${"[".repeat(n)}${"]".repeat(n)}}`;

/**
 * `error`: a protocol error frame; `failure`: `<type>_response` with success false; `response`:
 * a `<type>_response` either way; `silent`: no reply.
 */
type Expect = "error" | "failure" | "response" | "silent";

const CASES: Array<[name: string, payload: () => string, expect: Expect]> = [
  ["invalid JSON", () => "{", "error"],
  ["empty text", () => "", "error"],
  ["JSON null", () => "null", "error"],
  ["JSON array", () => "[1,2,3]", "error"],
  ["JSON string", () => '"send_message"', "error"],
  ["JSON number", () => "42", "error"],
  ["no type", () => "{}", "error"],
  ["numeric type", () => '{"type":5}', "error"],
  ["unknown type", () => '{"type":"warp_drive"}', "error"],
  ["nesting 10^5", () => deep(100_000), "error"],
  [
    "__proto__ key",
    () =>
      `{"type":"send_message","__proto__":{"role":"admin"},"target":${JSON.stringify(room())},"content":"x"}`,
    "error",
  ],
  ["escaped __proto__ key", () => '{"type":"ping","\\u005f_proto__":{}}', "error"],
  ["constructor.prototype", () => '{"type":"get_current_user","constructor":{"prototype":{"x":1}}}', "error"],
  ["wrong field types", () => '{"type":"send_message","target":"room","content":123}', "failure"],
  [
    "content of 1 MiB",
    () => JSON.stringify({ type: "send_message", target: room(), content: "a".repeat(1_000_000) }),
    "failure",
  ],
  [
    "blank content",
    () => JSON.stringify({ type: "send_message", target: room(), content: "   \n\t " }),
    "failure",
  ],
  [
    "lone surrogate content",
    () => `{"type":"send_message","target":${JSON.stringify(room())},"content":"\\ud800"}`,
    "response",
  ],
  ["request_id object", () => '{"type":"list_rooms","request_id":{"a":1}}', "failure"],
  ["request_id 10k chars", () => JSON.stringify({ type: "ping", request_id: "r".repeat(10_000) }), "error"],
  ["path-like id", () => JSON.stringify({ type: "get_room", room_id: "../../etc/passwd" }), "failure"],
  ["infinite limit", () => '{"type":"list_rooms","limit":1e400}', "failure"],
  ["negative offset", () => '{"type":"list_rooms","limit":-1,"offset":"a"}', "failure"],
  ["duplicate type key", () => '{"type":"ping","type":"send_message"}', "failure"],
  ["hello again", () => '{"type":"client_hello","version":"1.1"}', "error"],
  ["authenticate again", () => JSON.stringify({ type: "authenticate", token: "t".repeat(9000) }), "error"],
  ["negative resume seq", () => '{"type":"resume","since":{"room:x":-5}}', "failure"],
  ["typing to a foreign room", () => '{"type":"typing","target":{"type":"room","room_id":"nope"}}', "silent"],
  ["huge number id", () => '{"type":"get_user","user_id":1e308}', "failure"],
];

describe.each(["ws", "tcp"] as const)("%s", (kind) => {
  it.each(CASES)("%s is answered and the connection stays usable", async (_name, payload, expected) => {
    const c = await h.connect(kind, user);
    try {
      const before = c.received.length;
      c.send(payload());
      c.send({ type: "ping", request_id: "probe" });
      await within(
        5000,
        c.waitFor((m) => m.request_id === "probe"),
        "answer to the probe ping",
      );
      // Events (e.g. one's own message_received) are not replies.
      const replies = c.received
        .slice(before)
        .filter(
          (m) => m.request_id !== "probe" && (m.type === "error" || String(m.type).endsWith("_response")),
        );
      if (expected === "silent") expect(replies).toEqual([]);
      else {
        expect(replies).toHaveLength(1);
        const reply = replies[0]!;
        if (expected === "error") {
          expect(reply).toMatchObject({
            type: "error",
            code: expect.any(String),
            message: expect.any(String),
          });
        } else if (expected === "failure") {
          expect(reply).toMatchObject({ success: false, error: { code: expect.any(String) } });
        } else expect(String(reply.type)).toMatch(/_response$/);
      }
      expect(c.transport.readyState).toBe("open");
    } finally {
      c.close();
      await c.closed;
    }
  });
});

describe("ws frames", () => {
  async function rawWs(): Promise<WebSocket> {
    const ws = new WebSocket(`${h.wsUrl}?token=${user.token}`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    return ws;
  }

  it("answers a binary frame with a typed error and stays open", async () => {
    const ws = await rawWs();
    const frames: Msg[] = [];
    ws.on("message", (data) => frames.push(JSON.parse(String(data)) as Msg));
    ws.send(Buffer.from([0, 1, 2, 3]));
    ws.send(JSON.stringify({ type: "ping", request_id: "after-binary" }));
    await within(
      5000,
      waitUntil(() => frames.some((f) => f.request_id === "after-binary")),
    );
    expect(frames.find((f) => f.type === "error")).toMatchObject({
      code: "invalid_message",
      details: { reason: "binary_frame" },
    });
    ws.close();
  });

  it.each([
    ["a text frame over 1 MiB", Buffer.alloc(1_048_577, 0x61), 1009],
    ["invalid UTF-8 in a text frame", Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 1007],
  ])("closes on %s", async (_name, bytes, code) => {
    const ws = await rawWs();
    ws.on("error", () => {});
    const closed = new Promise<number>((resolve) => ws.on("close", (c) => resolve(c)));
    ws.send(bytes, { binary: false });
    expect(await within(5000, closed, "close")).toBe(code);
  });
});

describe("tcp frames", () => {
  function rawTcp(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: "127.0.0.1", port: h.tcpPort }, () => resolve(s));
      s.once("error", reject);
      // Flowing mode, so the server's FIN (or reset) is seen and 'close' follows.
      s.resume();
    });
  }
  const closedOf = (s: Socket) => new Promise<void>((resolve) => s.on("close", () => resolve()));

  it.each([
    ["a length prefix over 1 MiB", () => Buffer.from([0x00, 0x10, 0x00, 0x01])],
    ["a 4 GiB length prefix", () => Buffer.from([0xff, 0xff, 0xff, 0xff])],
    ["invalid UTF-8 in a frame", () => Buffer.from(encodeFrame(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d])))],
  ])("closes on %s", async (_name, bytes) => {
    const s = await rawTcp();
    s.on("error", () => {});
    const closed = closedOf(s);
    s.write(bytes());
    await within(5000, closed, "close");
  });

  it("closes a truncated frame when the peer ends mid-frame", async () => {
    const s = await rawTcp();
    s.on("error", () => {});
    const closed = closedOf(s);
    s.end(Buffer.from([0x00, 0x00, 0x00, 0x64, 0x7b, 0x22]));
    await within(5000, closed, "close");
  });

  it("answers an empty frame with invalid_message and stays open", async () => {
    const c: TestClient = await h.connect("tcp", user);
    (c.transport as unknown as { send(d: string): void }).send("");
    expect(await c.request("ping")).toMatchObject({ type: "pong" });
    expect(c.received.find((m) => m.type === "error")).toMatchObject({ code: "invalid_message" });
  });

  it("answers a low-order public key with handshake_failed", async () => {
    const c = await h.tcp();
    await c.waitForType("server_hello");
    c.send({ type: "client_hello", version: "1.1", features: ["encryption"] });
    const zero = Buffer.alloc(32).toString("base64");
    expect(await c.request("key_exchange", { public_key: zero })).toMatchObject({
      type: "error",
      code: "handshake_failed",
    });
  });
});

describe("afterwards", () => {
  it.each(["ws", "tcp"] as const)("a fresh %s client still authenticates and chats", async (kind) => {
    const c = await h.connect(kind, await h.login("fuzz_user"));
    const res = await c.request("send_message", { target: room(), content: `still here over ${kind}` });
    expect(res).toMatchObject({ success: true, message: { content: `still here over ${kind}` } });
    expect((await h.api("GET", "/health")).status).toBe(200);
  });
});

function waitUntil(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const tick = () => (check() ? resolve() : setTimeout(tick, 10));
    tick();
  });
}
