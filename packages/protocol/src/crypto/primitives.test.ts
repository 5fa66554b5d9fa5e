import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { LairError } from "../errors/index.ts";
import { aesGcmOpen, aesGcmSeal, hkdfSha256, x25519PublicKey, x25519SharedSecret } from "./primitives.ts";

const range = (from: number, to: number): Uint8Array =>
  Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("x25519 (RFC 7748)", () => {
  // RFC 7748 §5.2, the two single-multiplication vectors.
  it.each([
    [
      "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
      "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
      "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
    ],
    [
      "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
      "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
      "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
    ],
  ])("§5.2 scalar %s", (scalar, u, out) => {
    expect(bytesToHex(x25519SharedSecret(hexToBytes(scalar), hexToBytes(u)))).toBe(out);
  });

  // RFC 7748 §5.2, iterated: k = u = 9; repeat (k, u) <- (X25519(k, u), k).
  it("§5.2 iterated 1 and 1,000 times", () => {
    let k: Uint8Array = new Uint8Array(32);
    k[0] = 9;
    let u: Uint8Array = k.slice();
    const after: Record<number, string> = {};
    for (let i = 1; i <= 1000; i++) {
      [k, u] = [x25519SharedSecret(k, u), k];
      if (i === 1 || i === 1000) after[i] = bytesToHex(k);
    }
    expect(after[1]).toBe("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    expect(after[1000]).toBe("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
  });

  // RFC 7748 §6.1, Diffie-Hellman between Alice and Bob.
  it("§6.1 key pairs and shared secret", () => {
    const alice = hexToBytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    const bob = hexToBytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    const alicePub = x25519PublicKey(alice);
    const bobPub = x25519PublicKey(bob);
    expect(bytesToHex(alicePub)).toBe("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    expect(bytesToHex(bobPub)).toBe("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    const k = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    expect(bytesToHex(x25519SharedSecret(alice, bobPub))).toBe(k);
    expect(bytesToHex(x25519SharedSecret(bob, alicePub))).toBe(k);
  });

  it("rejects low-order public keys with handshake_failed", () => {
    const priv = new Uint8Array(32).fill(7);
    for (const u of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31))]) {
      expect(() => x25519SharedSecret(priv, u)).toThrow(
        expect.objectContaining({ code: "handshake_failed" }),
      );
    }
  });

  it("checks argument lengths", () => {
    expect(() => x25519SharedSecret(new Uint8Array(31), new Uint8Array(32))).toThrow(RangeError);
    expect(() => x25519PublicKey(new Uint8Array(33))).toThrow(RangeError);
  });
});

describe("HKDF-SHA256 (RFC 5869 appendix A)", () => {
  it("A.1 basic", () => {
    const okm = hkdfSha256(new Uint8Array(22).fill(0x0b), range(0x00, 0x0c), range(0xf0, 0xf9), 42);
    expect(bytesToHex(okm)).toBe(
      "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    );
  });

  it("A.2 longer inputs and outputs", () => {
    const okm = hkdfSha256(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82);
    expect(bytesToHex(okm)).toBe(
      "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c" +
        "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71" +
        "cc30c58179ec3e87c14c01d5c1f3434f1d87",
    );
  });

  it("A.3 zero-length salt and info", () => {
    const okm = hkdfSha256(new Uint8Array(22).fill(0x0b), new Uint8Array(0), new Uint8Array(0), 42);
    expect(bytesToHex(okm)).toBe(
      "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    );
  });
});

// AES-256-GCM: test cases 13-16 of McGrew & Viega, "The Galois/Counter Mode of Operation
// (GCM)", revised 2005, appendix B (the 256-bit key cases with a 96-bit IV).
describe("AES-256-GCM (GCM spec test cases 13-16)", () => {
  const K15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
  const IV15 = "cafebabefacedbaddecaf888";
  const P15 =
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  const C15 =
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" +
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
  const cases = [
    {
      name: "13",
      key: "00".repeat(32),
      iv: "00".repeat(12),
      p: "",
      aad: "",
      c: "",
      tag: "530f8afbc74536b9a963b4f1c4cb738b",
    },
    {
      name: "14",
      key: "00".repeat(32),
      iv: "00".repeat(12),
      p: "00".repeat(16),
      aad: "",
      c: "cea7403d4d606b6e074ec5d3baf39d18",
      tag: "d0d1c8a799996bf0265b98b5d48ab919",
    },
    { name: "15", key: K15, iv: IV15, p: P15, aad: "", c: C15, tag: "b094dac5d93471bdec1a502270e3cc6c" },
    {
      name: "16",
      key: K15,
      iv: IV15,
      p: P15.slice(0, 120),
      aad: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
      c: C15.slice(0, 120),
      tag: "76fc6ece0f4e1768cddf8853bb2d551b",
    },
  ];

  it.each(cases)("test case $name seals and opens", ({ key, iv, p, aad, c, tag }) => {
    const aadBytes = aad ? hexToBytes(aad) : undefined;
    const sealed = aesGcmSeal(hexToBytes(key), hexToBytes(iv), hexToBytes(p), aadBytes);
    expect(bytesToHex(sealed)).toBe(c + tag);
    expect(bytesToHex(aesGcmOpen(hexToBytes(key), hexToBytes(iv), sealed, aadBytes))).toBe(p);
  });

  it("a wrong tag, wrong AAD or short input is decrypt_failed", () => {
    const key = hexToBytes(K15);
    const iv = hexToBytes(IV15);
    const sealed = aesGcmSeal(key, iv, utf8ToBytes("hello"), Uint8Array.of(1));
    const bad = sealed.slice();
    bad[bad.length - 1]! ^= 1;
    for (const attempt of [
      () => aesGcmOpen(key, iv, bad, Uint8Array.of(1)),
      () => aesGcmOpen(key, iv, sealed, Uint8Array.of(2)),
      () => aesGcmOpen(key, iv, sealed.subarray(0, 15)),
    ]) {
      expect(attempt).toThrow(LairError);
      expect(attempt).toThrow(expect.objectContaining({ code: "decrypt_failed" }));
    }
  });
});
