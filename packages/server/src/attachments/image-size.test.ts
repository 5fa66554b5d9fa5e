import { describe, expect, it } from "vitest";
import { imageSize } from "./image-size.ts";

function png(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  b.writeUInt32BE(13, 8);
  b.write("IHDR", 12, "ascii");
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

function jpeg(width: number, height: number): Uint8Array {
  const app1 = Buffer.alloc(2 + 2 + 5000);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(2 + 5000, 2);
  const sof = Buffer.from([0xff, 0xc2, 0, 17, 8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, Buffer.from([0xff, 0xff]), sof]);
}

describe("imageSize", () => {
  it("reads PNG, GIF and JPEG (SOF after a large APP segment)", () => {
    expect(imageSize(png(1920, 1080), "image/png")).toEqual({ width: 1920, height: 1080 });
    const gif = Buffer.from("GIF89a\x40\x01\xf0\x00", "latin1");
    expect(imageSize(gif, "image/gif")).toEqual({ width: 320, height: 240 });
    expect(imageSize(jpeg(4032, 3024), "image/jpeg")).toEqual({ width: 4032, height: 3024 });
  });

  it("reads the three WebP flavours", () => {
    const riff = (chunk: string, body: number[]) =>
      Buffer.concat([
        Buffer.from("RIFF\0\0\0\0WEBP", "latin1"),
        Buffer.from(chunk, "latin1"),
        Buffer.from(body),
      ]);
    const lossy = riff("VP8 ", [0, 0, 0, 0, 0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01, 0, 0]);
    expect(imageSize(lossy, "image/webp")).toEqual({ width: 640, height: 480 });
    // VP8L: 14 bits width-1 (99), 14 bits height-1 (49).
    const bits = 99 | (49 << 14);
    const lossless = riff("VP8L", [
      0,
      0,
      0,
      0,
      0x2f,
      bits & 0xff,
      (bits >> 8) & 0xff,
      (bits >> 16) & 0xff,
      bits >>> 24,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(imageSize(lossless, "image/webp")).toEqual({ width: 100, height: 50 });
    const extended = riff("VP8X", [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0x0f, 0, 0x7f, 0x02, 0, 0, 0]);
    expect(imageSize(extended, "image/webp")).toEqual({ width: 4096, height: 640 });
  });

  it("gives up on truncated or foreign headers", () => {
    expect(imageSize(png(10, 10).subarray(0, 20), "image/png")).toBeNull();
    expect(imageSize(jpeg(10, 10).subarray(0, 100), "image/jpeg")).toBeNull();
    expect(imageSize(png(10, 10), "application/pdf")).toBeNull();
    expect(imageSize(png(0, 10), "image/png")).toBeNull();
  });
});
