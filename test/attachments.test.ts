/**
 * Attachments end to end over HTTP, on the memory, SQLite and Postgres adapters: upload and
 * download with hashes, the size limit at exactly the limit and one byte over (declared,
 * undeclared and chunked), who may download, sniffed MIME types, HTML never inline, ranges,
 * garbage collection and the delete cascade.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AttachmentHarness,
  type Backend,
  binaryBytes,
  pngBytes,
  postgresReady,
  sha256,
  startAttachmentHarness,
} from "./attachments-harness.ts";
import { addMember, newRoom, newUser, type TestUser } from "./http-harness.ts";

const LIMIT = 64 * 1024;

/** POST raw bytes with Transfer-Encoding: chunked (no Content-Length at all). */
function uploadChunked(h: AttachmentHarness, token: string, chunks: Uint8Array[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${h.base}/api/v1/attachments?name=chunked.bin`);
    const req = request(
      url,
      { method: "POST", headers: { authorization: `Bearer ${token}`, "transfer-encoding": "chunked" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

/** POST with a Content-Length of `declared`, write only `start`, and wait for the answer. */
function uploadDeclared(
  h: AttachmentHarness,
  token: string,
  declared: number,
  start: Uint8Array,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`${h.base}/api/v1/attachments?name=declared.bin`),
      { method: "POST", headers: { authorization: `Bearer ${token}`, "content-length": String(declared) } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      },
    );
    req.on("error", (error) => {
      if (!req.destroyed) reject(error);
    });
    req.write(start);
  });
}

async function send(h: AttachmentHarness, user: TestUser, roomId: string, ids: string[], extra: object = {}) {
  return h.call("POST", "/api/v1/messages", {
    token: user.token,
    body: { target: { type: "room", room_id: roomId }, content: "see attached", attachments: ids, ...extra },
  });
}

const BACKENDS: Backend[] = ["memory", "sqlite", "postgres"];

describe.each(BACKENDS)("attachments on %s", (backend) => {
  const skip = backend === "postgres" && !postgresReady;
  let h: AttachmentHarness;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let roomId: string;

  beforeAll(async () => {
    if (skip) return;
    h = await startAttachmentHarness(backend, { maxFileSize: LIMIT });
    alice = await newUser(h as never, "alice");
    bob = await newUser(h as never, "bob");
    eve = await newUser(h as never, "eve");
    roomId = await newRoom(h as never, alice);
    await addMember(h as never, alice, roomId, bob);
  });
  afterAll(async () => {
    await h?.close();
  });

  it.skipIf(skip)("round-trips an image with its hash, size and dimensions", async () => {
    const bytes = pngBytes(640, 480, 5000);
    const up = await h.upload(alice.token, bytes, "holiday.png");
    expect(up.status).toBe(201);
    const att = up.body.attachment;
    expect(att).toMatchObject({
      name: "holiday.png",
      mime_type: "image/png",
      size: bytes.length,
      sha256: sha256(bytes),
      width: 640,
      height: 480,
    });

    const sent = await send(h, alice, roomId, [att.id]);
    expect(sent.status).toBe(201);
    expect(sent.body.message.kind).toBe("image");
    expect(sent.body.message.attachments).toEqual([att]);

    const history = await h.call("GET", `/api/v1/messages?target_type=room&target_id=${roomId}`, {
      token: bob.token,
    });
    const listed = history.body.messages.find((m: { id: string }) => m.id === sent.body.message.id);
    expect(listed.attachments[0].sha256).toBe(sha256(bytes));

    const down = await h.download(bob.token, att.id);
    expect(down.status).toBe(200);
    expect(sha256(down.bytes)).toBe(att.sha256);
    expect(down.headers.get("content-type")).toBe("image/png");
    expect(down.headers.get("content-disposition")).toMatch(/^inline; filename="holiday.png"/);
    expect(down.headers.get("x-content-type-options")).toBe("nosniff");
    expect(down.headers.get("etag")).toBe(`"${att.sha256}"`);
  });

  it.skipIf(skip)("accepts exactly maxFileSize and refuses one byte more, however it is sent", async () => {
    const exact = await h.upload(alice.token, binaryBytes(LIMIT), "exact.bin");
    expect(exact.status).toBe(201);
    expect(exact.body.attachment.size).toBe(LIMIT);
    const over = await h.upload(alice.token, binaryBytes(LIMIT + 1), "over.bin");
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe("payload_too_large");

    const half = binaryBytes(LIMIT / 2);
    expect(await uploadChunked(h, alice.token, [half, half])).toBe(201);
    expect(await uploadChunked(h, alice.token, [half, half, new Uint8Array([1])])).toBe(413);

    // A declared length over the limit is refused at once, before the body has even arrived.
    expect(await uploadDeclared(h, alice.token, LIMIT + 1, binaryBytes(10))).toBe(413);
  });

  it.skipIf(skip)("serves a sent file only to members; an unsent one only to its uploader", async () => {
    const up = await h.upload(alice.token, binaryBytes(300), "secret.bin");
    const id = up.body.attachment.id;
    expect((await h.download(alice.token, id)).status).toBe(200);
    expect((await h.download(bob.token, id)).status).toBe(404);
    expect((await send(h, alice, roomId, [id])).status).toBe(201);
    expect((await h.download(bob.token, id)).status).toBe(200);
    const refused = await h.download(eve.token, id);
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.bytes.toString()).error.code).toBe("attachment_not_found");
    expect((await h.download(eve.token, "no-such-id")).status).toBe(404);
    // Not anyone's to reuse: a second message with the same upload is refused.
    expect((await send(h, alice, roomId, [id])).status).toBe(404);
    // Nor another user's upload.
    const bobs = await h.upload(bob.token, binaryBytes(10), "b.bin");
    expect((await send(h, alice, roomId, [bobs.body.attachment.id])).status).toBe(404);
  });

  it.skipIf(skip)("sniffs the type from the bytes, whatever the client claims", async () => {
    const png = await h.upload(alice.token, pngBytes(2, 3), "notes.txt", { "content-type": "text/plain" });
    expect(png.body.attachment.mime_type).toBe("image/png");
    const text = await h.upload(alice.token, new TextEncoder().encode("just words\n"), "fake.png", {
      "content-type": "image/png",
    });
    expect(text.body.attachment.mime_type).toBe("text/plain");
    expect(text.body.attachment.width ?? null).toBeNull();
    // kind image with a non-image is refused; the upload stays usable.
    const wrong = await send(h, alice, roomId, [text.body.attachment.id], { kind: "image" });
    expect(wrong.status).toBe(400);
    const ok = await send(h, alice, roomId, [text.body.attachment.id]);
    expect(ok.body.message.kind).toBe("file");
  });

  it.skipIf(skip)("serves HTML as an octet-stream attachment, never inline", async () => {
    const html = new TextEncoder().encode("<!DOCTYPE html><html><script>alert(1)</script></html>");
    const up = await h.upload(alice.token, html, "page.html", { "content-type": "text/html" });
    expect(up.body.attachment.mime_type).toBe("text/html");
    await send(h, alice, roomId, [up.body.attachment.id]);
    const down = await h.download(bob.token, up.body.attachment.id);
    expect(down.status).toBe(200);
    expect(down.headers.get("content-type")).toBe("application/octet-stream");
    expect(down.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(down.headers.get("x-content-type-options")).toBe("nosniff");
    expect(down.bytes.equals(Buffer.from(html))).toBe(true);
  });

  it.skipIf(skip)("answers ranges with 206, suffix ranges, 416 and conditional requests", async () => {
    const bytes = binaryBytes(1000);
    const up = await h.upload(alice.token, bytes, "range.bin");
    const id = up.body.attachment.id;
    const first = await h.download(alice.token, id, { range: "bytes=0-9" });
    expect(first.status).toBe(206);
    expect(first.headers.get("content-range")).toBe("bytes 0-9/1000");
    expect(first.bytes.equals(Buffer.from(bytes.subarray(0, 10)))).toBe(true);
    const tail = await h.download(alice.token, id, { range: "bytes=-5" });
    expect(tail.bytes.equals(Buffer.from(bytes.subarray(995)))).toBe(true);
    const open = await h.download(alice.token, id, { range: "bytes=990-" });
    expect(open.headers.get("content-range")).toBe("bytes 990-999/1000");
    const beyond = await h.download(alice.token, id, { range: "bytes=5000-" });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe("bytes */1000");
    const cached = await h.download(alice.token, id, { "if-none-match": `"${up.body.attachment.sha256}"` });
    expect(cached.status).toBe(304);
  });

  it.skipIf(skip)("collects unsent uploads after the grace period, never sent ones", async () => {
    const lair = h.lair;
    const unsent = await h.upload(alice.token, binaryBytes(50), "forgotten.bin");
    const sent = await h.upload(alice.token, binaryBytes(60), "kept.bin");
    await send(h, alice, roomId, [sent.body.attachment.id]);
    const service = lair.attachments!;
    expect(await service.collectGarbage(Date.now())).toBe(0);
    expect((await h.download(alice.token, unsent.body.attachment.id)).status).toBe(200);
    const collected = await service.collectGarbage(Date.now() + 3_600_001);
    expect(collected).toBeGreaterThanOrEqual(1);
    expect((await h.download(alice.token, unsent.body.attachment.id)).status).toBe(404);
    expect(await service.blobs.stat(unsent.body.attachment.id)).toBeNull();
    expect((await h.download(bob.token, sent.body.attachment.id)).status).toBe(200);
  });

  it.skipIf(skip)("deletes a message's files with the message", async () => {
    const up = await h.upload(alice.token, pngBytes(4, 4), "gone.png");
    const id = up.body.attachment.id;
    const sent = await send(h, alice, roomId, [id]);
    const del = await h.call("DELETE", `/api/v1/messages/${sent.body.message.id}`, { token: alice.token });
    expect(del.status).toBe(200);
    expect((await h.download(bob.token, id)).status).toBe(404);
    expect((await h.download(alice.token, id)).status).toBe(404);
    expect(await h.lair.attachments!.blobs.stat(id)).toBeNull();
    expect(await h.storage.getAttachment!(id)).toBeNull();
  });

  it.skipIf(skip)("deletes the files of a room's messages with the room", async () => {
    const doomed = await newRoom(h as never, alice);
    await addMember(h as never, alice, doomed, bob);
    const ids = [
      (await h.upload(alice.token, pngBytes(3, 3), "a.png")).body.attachment.id as string,
      (await h.upload(bob.token, binaryBytes(40), "b.bin")).body.attachment.id as string,
    ];
    expect((await send(h, alice, doomed, [ids[0]!])).status).toBe(201);
    expect((await send(h, bob, doomed, [ids[1]!])).status).toBe(201);
    const elsewhere = await h.upload(alice.token, binaryBytes(30), "kept.bin");
    expect((await send(h, alice, roomId, [elsewhere.body.attachment.id])).status).toBe(201);

    const del = await h.call("DELETE", `/api/v1/rooms/${doomed}`, { token: alice.token });
    expect(del.status).toBe(200);
    for (const id of ids) {
      expect(await h.storage.getAttachment!(id)).toBeNull();
      expect(await h.lair.attachments!.blobs.stat(id)).toBeNull();
      expect((await h.download(alice.token, id)).status).toBe(404);
    }
    expect(await h.storage.getAttachment!(elsewhere.body.attachment.id)).not.toBeNull();
    expect((await h.download(bob.token, elsewhere.body.attachment.id)).status).toBe(200);
  });

  it.skipIf(skip)("replays an idempotent send with files as the original message", async () => {
    const up = await h.upload(alice.token, binaryBytes(20), "once.bin");
    const first = await send(h, alice, roomId, [up.body.attachment.id], {
      client_message_id: `c-${backend}`,
    });
    const again = await send(h, alice, roomId, [up.body.attachment.id], {
      client_message_id: `c-${backend}`,
    });
    expect(again.status).toBe(201);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(again.body.message.attachments[0].id).toBe(up.body.attachment.id);
  });
});
