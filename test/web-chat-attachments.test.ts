/**
 * Attachments in the web chat, in real Chromium against the reference server: Alice attaches
 * a picture and a PDF with the paper clip; both pages show the picture as a preview (really
 * decoded by the browser, at its size) and the PDF as a file card; the bytes Bob's page reads
 * back are the bytes Alice sent.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactsDir, type Harness, newChatContext, register, startHarness } from "./web-chat-harness.ts";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

const poll = { timeout: 15_000, interval: 100 };

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A real, decodable RGB PNG: a gradient of `width`×`height`. */
function gradientPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push((x * 255) / width, (y * 255) / height, 160);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe("web chat attachments", () => {
  it("sends an image and a file; both sides see a preview and a card", async () => {
    const errors: string[] = [];
    const contextA = await newChatContext(harness.browser, errors);
    const contextB = await newChatContext(harness.browser, errors);
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    try {
      await register(a, harness.url, "alice");
      await register(b, harness.url, "bob");
      await a.getByTestId("create-room").click();
      const create = a.getByTestId("create-room-dialog");
      await create.locator('input[name="name"]').fill("pictures");
      await create.getByTestId("dialog-submit").click();
      await expect.poll(() => a.getByTestId("chat-title").textContent(), poll).toBe("#pictures");
      await b.getByTestId("browse-rooms").click();
      const directory = b.getByTestId("directory-dialog");
      await directory.getByTestId("directory-search").fill("pictures");
      await directory.locator('[data-room-name="pictures"]').getByTestId("directory-join").click();
      await expect.poll(() => b.getByTestId("chat-title").textContent(), poll).toBe("#pictures");

      const png = gradientPng(96, 64);
      // The browser says text/plain: the server goes by the bytes.
      await a
        .getByTestId("attach-input")
        .setInputFiles({ name: "sunset.png", mimeType: "text/plain", buffer: png });
      for (const page of [a, b]) {
        const figure = page.locator('[data-testid="attachment-image"][data-state="loaded"]');
        await figure.waitFor({ timeout: 15_000 });
        const size = await figure
          .locator("img")
          .evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
        expect(size).toEqual([96, 64]);
      }
      await expect.poll(() => a.getByTestId("upload-progress").isHidden(), poll).toBe(true);
      expect(await b.locator(".message .content").first().textContent()).toContain("sunset.png");

      // What Bob's session reads back is exactly what Alice sent.
      const id = await b.getByTestId("attachment-image").getAttribute("data-id");
      const token = await b.evaluate(() => localStorage.getItem("lair-chat-web:token"));
      const res = await fetch(`${harness.url}/api/v1/attachments/${id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.headers.get("content-type")).toBe("image/png");
      const digest = createHash("sha256")
        .update(Buffer.from(await res.arrayBuffer()))
        .digest("hex");
      expect(digest).toBe(createHash("sha256").update(png).digest("hex"));

      const pdf = Buffer.from("%PDF-1.4\n% a tiny document\n%%EOF\n");
      await a
        .getByTestId("attach-input")
        .setInputFiles({ name: "notes.pdf", mimeType: "application/pdf", buffer: pdf });
      const card = b.getByTestId("file-card");
      await card.waitFor({ timeout: 15_000 });
      expect(await card.locator(".file-name").textContent()).toBe("notes.pdf");
      expect(await card.locator(".file-size").textContent()).toContain("application/pdf");
      expect(await b.locator('[data-testid="attachment-image"]').count()).toBe(1);

      await a.screenshot({ path: join(artifactsDir, "web-chat-attachments.png") });
      expect(errors).toEqual([]);
    } finally {
      await contextA.close();
      await contextB.close();
    }
  });
});
