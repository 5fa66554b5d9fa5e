import { describe, expect, it } from "vitest";
import { sniffMimeType } from "./sniff-mime.ts";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);

describe("sniffMimeType", () => {
  it("knows the magic numbers", () => {
    expect(sniffMimeType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("image/png");
    expect(sniffMimeType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(sniffMimeType(text("GIF89a\u0001\u0000"))).toBe("image/gif");
    expect(sniffMimeType(text("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))).toBe("image/webp");
    expect(sniffMimeType(text("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffMimeType(bytes(0x50, 0x4b, 0x03, 0x04, 20, 0))).toBe("application/zip");
  });

  it("tells text from binary", () => {
    expect(sniffMimeType(text("hello, world\nsecond line — with UTF-8 ✓\n"))).toBe("text/plain");
    expect(sniffMimeType(bytes(1, 2, 3, 0, 5))).toBe("application/octet-stream");
    expect(sniffMimeType(bytes(0xc3, 0x28, 0x41))).toBe("application/octet-stream");
    expect(sniffMimeType(new Uint8Array(0))).toBe("application/octet-stream");
    // A multi-byte character cut by the end of the sniffed head is still text.
    expect(sniffMimeType(text("abc é").subarray(0, 5))).toBe("text/plain");
  });

  it("recognises HTML and SVG however they are dressed up", () => {
    expect(sniffMimeType(text("<!DOCTYPE html><p>x"))).toBe("text/html");
    expect(sniffMimeType(text("\uFEFF   \n<HTML>"))).toBe("text/html");
    expect(sniffMimeType(text("<script>alert(1)</script>"))).toBe("text/html");
    expect(sniffMimeType(text("<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'>"))).toBe(
      "image/svg+xml",
    );
    expect(sniffMimeType(text("<notes>plain words</notes><body onload=x>"))).toBe("text/html");
    expect(sniffMimeType(text("a < b and c > d"))).toBe("text/plain");
  });
});
