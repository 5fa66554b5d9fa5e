import { hexToBytes } from "@noble/hashes/utils.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLairError } from "../errors/index.ts";
import { encodeBase64 } from "./base64.ts";
import { decodePublicKey, encodePublicKey, generateX25519KeyPair } from "./x25519-key-pair.ts";

const bobPub = hexToBytes("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

describe("public keys on the wire", () => {
  it("encode as the 44-character padded base64 the Rust server emits", () => {
    const text = encodePublicKey(bobPub);
    expect(text).toBe("3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=");
    expect(decodePublicKey(text)).toEqual(bobPub);
  });

  it("round-trip a generated pair", () => {
    const pair = generateX25519KeyPair();
    expect(pair.privateKey).toHaveLength(32);
    expect(decodePublicKey(encodePublicKey(pair.publicKey))).toEqual(pair.publicKey);
  });

  it.each([
    ["bad base64", "not valid base64!!!"],
    ["unpadded", "3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08"],
    ["wrong length", "aGVsbG8="],
    ["empty", ""],
    ["33 bytes", encodeBase64(new Uint8Array(33).fill(5))],
    ["low-order point 0", encodeBase64(new Uint8Array(32))],
    ["low-order point 1", encodeBase64(Uint8Array.of(1, ...new Uint8Array(31)))],
    [
      "low-order point of order 8",
      encodeBase64(hexToBytes("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")),
    ],
    ["not a string", 42],
  ])("reject %s with handshake_failed", (_, input) => {
    expect(() => decodePublicKey(input)).toThrow(expect.objectContaining({ code: "handshake_failed" }));
  });

  it("any string decodes to a key or fails with a LairError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.base64String()), (text) => {
        try {
          expect(decodePublicKey(text)).toHaveLength(32);
        } catch (error) {
          expect(isLairError(error)).toBe(true);
        }
      }),
    );
  });

  it("encodePublicKey checks its argument", () => {
    expect(() => encodePublicKey(new Uint8Array(31))).toThrow(RangeError);
  });
});
