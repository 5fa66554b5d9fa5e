/**
 * What protects the real-time endpoints: the Origin allowlist (CSWSH), global and per-address
 * connection caps, the handshake/auth/idle deadlines, and the outbound cap (`slow_consumer`).
 */
import { request } from "node:http";
import { connect } from "node:net";
import { encodeFrame, FrameDecoder } from "@lair-chat/protocol";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Msg } from "./realtime-client.ts";
import { type Harness, sleep, startHarness } from "./realtime-harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Try a WebSocket upgrade by hand; report the HTTP answer (101 when accepted). */
function tryUpgrade(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Msg }> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, "http"), {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
        ...headers,
      },
    });
    req.on("upgrade", (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: {} });
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Msg }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Wait until `check` holds, polling; fails the test after `ms`. */
async function eventually(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await sleep(20);
  }
}

async function counterValue(harness: Harness, name: string, labels: Record<string, string>): Promise<number> {
  const metric = harness.lair.metrics.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const hit = values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return hit?.value ?? 0;
}

describe("Origin allowlist", () => {
  it("refuses foreign origins with 403 and accepts listed, same-origin and origin-less upgrades", async () => {
    h = await startHarness({ allowedOrigins: ["https://chat.example.com"] });
    const evil = await tryUpgrade(h.wsUrl, { origin: "https://evil.example" });
    expect(evil).toEqual({
      status: 403,
      body: { error: { code: "origin_not_allowed", message: "Origin is not allowed" } },
    });
    expect((await tryUpgrade(h.wsUrl, { origin: "null" })).status).toBe(403);
    expect((await tryUpgrade(h.wsUrl, { origin: "https://chat.example.com" })).status).toBe(101);
    expect((await tryUpgrade(h.wsUrl, { origin: h.httpUrl })).status).toBe(101);
    expect((await tryUpgrade(h.wsUrl)).status).toBe(101);
    const client = await h.ws(undefined, "https://chat.example.com");
    expect((await client.waitForType("server_hello")).type).toBe("server_hello");
  });
});

describe("connection caps", () => {
  it("refuses past the per-address cap on both transports, and frees the slot on close", async () => {
    h = await startHarness({ maxConnectionsPerAddress: 2 });
    const first = await h.ws();
    const second = await h.tcp();
    await Promise.all([first.waitForType("server_hello"), second.waitForType("server_hello")]);
    expect(await tryUpgrade(h.wsUrl)).toMatchObject({
      status: 503,
      body: { error: { code: "connection_limit" } },
    });
    const refused = await h.tcp();
    expect(await refused.next()).toMatchObject({ type: "error", code: "connection_limit" });
    await refused.closed;
    first.close();
    await first.closed;
    await eventually(async () => (await tryUpgrade(h!.wsUrl)).status === 101);
  });

  it("refuses past the global cap", async () => {
    h = await startHarness({ maxConnections: 1 });
    const only = await h.tcp();
    await only.waitForType("server_hello");
    expect(await tryUpgrade(h.wsUrl)).toMatchObject({
      status: 503,
      body: { error: { code: "connection_limit" } },
    });
    expect(
      await counterValue(h, "lair_realtime_connections_refused_total", { reason: "connection_limit" }),
    ).toBe(1);
  });
});

describe("deadlines", () => {
  it.each(["ws", "tcp"] as const)(
    "closes a silent %s connection after the handshake timeout",
    async (kind) => {
      h = await startHarness({ handshakeTimeoutMs: 100 });
      const c = kind === "ws" ? await h.ws() : await h.tcp();
      await c.waitForType("server_hello");
      expect(await c.next()).toMatchObject({ type: "error", code: "timeout" });
      await c.closed;
    },
  );

  it.each(["ws", "tcp"] as const)(
    "closes an unauthenticated %s connection after the auth timeout",
    async (kind) => {
      h = await startHarness({ authTimeoutMs: 100 });
      const c = kind === "ws" ? await h.ws() : await h.tcp();
      await c.waitForType("server_hello");
      c.send({ type: "client_hello", version: "1.1" });
      expect(await c.next()).toMatchObject({
        type: "error",
        code: "timeout",
        message: expect.stringContaining("auth"),
      });
      await c.closed;
    },
  );

  it.each(["ws", "tcp"] as const)(
    "closes an idle authenticated %s connection; pings keep it alive",
    async (kind) => {
      h = await startHarness({ idleTimeoutMs: 150 });
      const c = await h.connect(kind, await h.register(`idle_${kind}`));
      for (let i = 0; i < 3; i++) {
        await sleep(60);
        expect(await c.request("ping")).toMatchObject({ type: "pong" });
      }
      expect(await c.waitForType("error")).toMatchObject({
        code: "timeout",
        message: expect.stringContaining("idle"),
      });
      await c.closed;
    },
  );
});

/** A client that authenticates, joins `roomId`, then stops reading its socket. */
async function stalledReader(
  harness: Harness,
  kind: "ws" | "tcp",
  token: string,
  roomId: unknown,
): Promise<() => void> {
  const seen: Msg[] = [];
  const joined = () => seen.some((m) => m.request_id === "j");
  const join = JSON.stringify({ type: "join_room", request_id: "j", room_id: roomId });
  if (kind === "tcp") {
    const socket = connect({ host: "127.0.0.1", port: harness.tcpPort });
    socket.on("error", () => {});
    const decoder = new FrameDecoder();
    socket.on("data", (chunk) => {
      for (const f of decoder.push(chunk).frames) seen.push(JSON.parse(new TextDecoder().decode(f)) as Msg);
    });
    for (const m of [
      { type: "client_hello", version: "1.1" },
      { type: "authenticate", token },
    ]) {
      socket.write(encodeFrame(JSON.stringify(m)));
    }
    socket.write(encodeFrame(join));
    await eventually(joined);
    socket.pause();
    return () => socket.destroy();
  }
  const ws = new WebSocket(`${harness.wsUrl}?token=${token}`);
  ws.on("error", () => {});
  ws.on("message", (data) => seen.push(JSON.parse(String(data)) as Msg));
  await new Promise((resolve) => ws.once("open", resolve));
  ws.send(join);
  await eventually(joined);
  // ws keeps its net.Socket here; pausing it stops reading at the TCP level.
  (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  return () => ws.terminate();
}

describe("slow consumers", () => {
  it.each(["tcp", "ws"] as const)(
    "closes a %s connection that stops reading once its queue passes maxOutboundBytes; others carry on",
    async (kind) => {
      h = await startHarness({ maxOutboundBytes: 64 * 1024 });
      const [reader, writer] = await Promise.all([h.register("slow_reader"), h.register("fast_writer")]);
      const w = await h.connect("ws", writer);
      const room = (await w.request("create_room", { name: "flood" })).room as Msg;
      const stop = await stalledReader(h, kind, reader.token, room.id);
      const content = "x".repeat(4000);
      let sent = 0;
      const closedSlow = () =>
        counterValue(h!, "lair_realtime_connections_closed_total", {
          transport: kind === "ws" ? "websocket" : "tcp",
          reason: "slow_consumer",
        });
      while ((await closedSlow()) === 0) {
        if (sent > 20_000) throw new Error("never closed the slow consumer");
        const batch = [];
        for (let i = 0; i < 50; i++) {
          batch.push(w.request("send_message", { target: { type: "room", room_id: room.id }, content }));
        }
        for (const res of await Promise.all(batch)) expect(res.success).toBe(true);
        sent += 50;
      }
      expect(await w.request("ping")).toMatchObject({ type: "pong" });
      stop();
    },
  );
});

describe("metrics", () => {
  it("counts sockets and frames on the instance's registry", async () => {
    h = await startHarness();
    const c = await h.connect("tcp", await h.register("metered"));
    const ws = await h.ws();
    await ws.waitForType("server_hello");
    ws.send("{");
    await ws.waitForType("error");
    expect(await counterValue(h, "lair_realtime_connections", { transport: "tcp" })).toBe(1);
    expect(await counterValue(h, "lair_realtime_connections", { transport: "websocket" })).toBe(1);
    expect(await counterValue(h, "lair_realtime_frames_received_total", { transport: "tcp" })).toBe(2);
    expect(
      await counterValue(h, "lair_realtime_protocol_errors_total", {
        transport: "websocket",
        code: "invalid_message",
      }),
    ).toBe(1);
    c.close();
    await c.closed;
    await eventually(
      async () => (await counterValue(h!, "lair_realtime_connections", { transport: "tcp" })) === 0,
    );
    const text = await (await fetch(`${h.httpUrl}/metrics`)).text();
    expect(text).toContain("lair_realtime_frames_sent_total");
  });
});
