/**
 * The `attachments` extension on WebSocket and in the client SDK: announced only when the
 * server can store files, fields seen only by peers that asked for them (live and in resume
 * replays), refused with a typed error where unsupported, and `messages.sendFile` with upload
 * progress from Node.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLairClient } from "@lair-chat/client/node";
import type { Storage } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pngBytes, sha256 } from "./attachments-harness.ts";
import { registerOn, startServer, type TestServer } from "./client-fixtures.ts";
import type { Msg } from "./realtime-client.ts";
import { type Harness, startHarness } from "./realtime-harness.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lair-attach-rt-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function upload(h: Harness, token: string, bytes: Uint8Array, name: string) {
  const res = await fetch(`${h.httpUrl}/api/v1/attachments?name=${name}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    body: Buffer.from(bytes),
  });
  return { status: res.status, body: (await res.json()) as Msg };
}

describe("attachments over WebSocket", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ attachments: { directory: join(dir, "ws"), gcIntervalMs: 0 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows kind and attachments only to peers that negotiated the extension", async () => {
    const alice = await h.register("att_alice");
    const bob = await h.register("att_bob");
    const carol = await h.register("att_carol");
    const room = await h.api("POST", "/api/v1/rooms", alice.token, { name: "att-room" });
    const roomId = (room.body.room as { id: string }).id;
    for (const who of [bob, carol]) await h.api("POST", `/api/v1/rooms/${roomId}/join`, who.token);

    const a = await h.ws();
    const hello = await a.waitForType("server_hello");
    expect(hello.features).toContain("attachments");
    a.send({ type: "client_hello", version: "1.1", features: ["attachments", "seq"] });
    expect((await a.request("authenticate", { token: alice.token })).success).toBe(true);
    const b = await h.connect("ws", bob, []);
    const c = await h.connect("ws", carol, ["attachments"]);

    const up = await upload(h, alice.token, pngBytes(12, 34), "pic.png");
    const sent = await a.request("send_message", {
      target: { type: "room", room_id: roomId },
      content: "a picture",
      attachments: [(up.body.attachment as { id: string }).id],
    });
    expect(sent.success).toBe(true);
    const message = sent.message as Msg;
    expect(message.kind).toBe("image");
    expect((message.attachments as Msg[])[0]).toMatchObject({
      width: 12,
      height: 34,
      mime_type: "image/png",
    });

    const plain = await b.waitForType("message_received");
    expect((plain.message as Msg).content).toBe("a picture");
    expect(plain.message).not.toHaveProperty("kind");
    expect(plain.message).not.toHaveProperty("attachments");
    const rich = await c.waitForType("message_received");
    expect((rich.message as Msg).kind).toBe("image");
    expect(((rich.message as Msg).attachments as Msg[])[0]?.sha256).toBe(sha256(pngBytes(12, 34)));

    // A resume replay carries them too, for a peer that asked.
    const late = await h.ws();
    await late.waitForType("server_hello");
    late.send({ type: "client_hello", version: "1.1", features: ["attachments", "seq", "resume"] });
    await late.request("authenticate", { token: carol.token });
    late.send({ type: "resume", request_id: "r1", since: { [`room:${roomId}`]: 0 } });
    const replayed = await late.waitForType("message_received");
    expect((replayed.message as Msg).attachments).toHaveLength(1);
  });
});

describe("attachments where the server cannot store them", () => {
  it("without the option: not announced, uploads and sends refused with attachments_unsupported", async () => {
    const h = await startHarness();
    try {
      const alice = await h.register("noatt_alice");
      const ws = await h.ws();
      const hello = await ws.waitForType("server_hello");
      expect(hello.features).not.toContain("attachments");
      const up = await upload(h, alice.token, pngBytes(1, 1), "x.png");
      expect(up.status).toBe(501);
      expect((up.body.error as Msg).code).toBe("attachments_unsupported");
      const room = await h.api("POST", "/api/v1/rooms", alice.token, { name: "noatt" });
      const send = await h.api("POST", "/api/v1/messages", alice.token, {
        target: { type: "room", room_id: (room.body.room as { id: string }).id },
        content: "x",
        attachments: ["some-id"],
      });
      expect(send.status).toBe(501);
    } finally {
      await h.close();
    }
  });

  it("with a storage adapter lacking the capability: same typed refusal", async () => {
    const base = createMemoryStorage();
    const storage: Storage = { ...base, capabilities: { ...base.capabilities, attachments: false } };
    const h = await startHarness({ storage, attachments: { directory: join(dir, "nocap") } });
    try {
      const alice = await h.register("nocap_alice");
      const up = await upload(h, alice.token, pngBytes(1, 1), "x.png");
      expect(up.status).toBe(501);
      expect((up.body.error as Msg).code).toBe("attachments_unsupported");
    } finally {
      await h.close();
    }
  });
});

describe("client messages.sendFile", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ attachments: { directory: join(dir, "client"), gcIntervalMs: 0 } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("uploads a Buffer with progress, sends it as an image and reads it back", async () => {
    const client = createLairClient({ baseUrl: server.baseUrl });
    try {
      await registerOn(client, "sender");
      const { room } = await client.rooms.create({ name: `files-${process.pid}` });
      const bytes = Buffer.from(pngBytes(800, 600, 300_000));
      const progress: number[] = [];
      const res = await client.messages.sendFile({ type: "room", room_id: room.id }, bytes, {
        name: "big.png",
        onProgress: (p) => {
          expect(p.total).toBe(bytes.length);
          progress.push(p.loaded);
        },
      });
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)).toBe(bytes.length);
      expect([...progress].sort((x, y) => x - y)).toEqual(progress);
      expect(res.message.kind).toBe("image");
      expect(res.message.content).toBe("big.png");
      expect(res.attachment).toMatchObject({ sha256: sha256(bytes), width: 800, height: 600 });
      const history = await client.messages.history({ target: { type: "room", room_id: room.id } });
      expect(history.messages[0]?.attachments?.[0]?.id).toBe(res.attachment.id);

      await expect(
        client.messages.sendFile({ type: "room", room_id: room.id }, new TextEncoder().encode("text"), {
          kind: "image",
        }),
      ).rejects.toMatchObject({ code: "validation_failed" });
    } finally {
      await client.close();
    }
  });
});
