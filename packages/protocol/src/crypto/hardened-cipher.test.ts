import { gcm } from "@noble/ciphers/aes.js";
import { bytesToUtf8 } from "@noble/ciphers/utils.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLairError, type LairError } from "../errors/index.ts";
import { createHardenedCipher, HARDENED_OVERHEAD } from "./hardened-cipher.ts";

const k0 = new Uint8Array(32).fill(0x11);
const k1 = new Uint8Array(32).fill(0x22);

/** The two ends of one session: a sends with k0 and receives with k1, b the opposite. */
const pair = (rekeyInterval?: number) => {
  const interval = rekeyInterval === undefined ? {} : { rekeyInterval };
  return {
    a: createHardenedCipher({ sendKey: k0, receiveKey: k1, ...interval }),
    b: createHardenedCipher({ sendKey: k1, receiveKey: k0, ...interval }),
  };
};
const text = (s: string) => utf8ToBytes(s);
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isLairError(error) ? (error as LairError).code : `not a LairError: ${String(error)}`;
  }
};

describe("hardened record layer", () => {
  it("frames are counter(8) ‖ AES-256-GCM(key, 0^4 ‖ counter, aad = counter)", () => {
    const { a } = pair();
    a.encrypt(text("zero"));
    const frame = a.encrypt(text("one"));
    expect(frame.length).toBe(3 + HARDENED_OVERHEAD);
    expect([...frame.subarray(0, 8)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    const nonce = new Uint8Array(12);
    nonce[11] = 1;
    expect(bytesToUtf8(gcm(k0, nonce, frame.subarray(0, 8)).decrypt(frame.subarray(8)))).toBe("one");
  });

  it("delivers in order both ways", () => {
    const { a, b } = pair();
    for (let i = 0; i < 20; i++) {
      expect(bytesToUtf8(b.decrypt(a.encrypt(text(`a${i}`))))).toBe(`a${i}`);
      expect(bytesToUtf8(a.decrypt(b.encrypt(text(`b${i}`))))).toBe(`b${i}`);
    }
  });

  it("rejects a replayed frame", () => {
    const { a, b } = pair();
    const first = a.encrypt(text("pay 10"));
    b.decrypt(first);
    expect(codeOf(() => b.decrypt(first))).toBe("replay_detected");
  });

  it("rejects reordered frames, and a dropped frame", () => {
    const { a, b } = pair();
    const f0 = a.encrypt(text("0"));
    const f1 = a.encrypt(text("1"));
    const f2 = a.encrypt(text("2"));
    expect(codeOf(() => b.decrypt(f1))).toBe("replay_detected");
    b.decrypt(f0);
    expect(codeOf(() => b.decrypt(f2))).toBe("replay_detected");
    expect(bytesToUtf8(b.decrypt(f1))).toBe("1");
  });

  it("rejects a frame reflected back to its sender (directions use different keys)", () => {
    const { a } = pair();
    const mine = a.encrypt(text("to b"));
    expect(codeOf(() => a.decrypt(mine))).toBe("decrypt_failed");
  });

  it("rejects a frame whose counter was rewritten to the expected value", () => {
    const { a, b } = pair();
    a.encrypt(text("0"));
    const f1 = a.encrypt(text("1"));
    f1[7] = 0;
    expect(codeOf(() => b.decrypt(f1))).toBe("decrypt_failed");
  });

  it("rekeys every rekeyInterval frames; the old key no longer opens new frames", () => {
    const { a, b } = pair(3);
    const frames = Array.from({ length: 10 }, (_, i) => a.encrypt(text(`m${i}`)));
    frames.forEach((frame, i) => {
      expect(bytesToUtf8(b.decrypt(frame))).toBe(`m${i}`);
    });
    const next = hkdf(sha256, k0, new Uint8Array(0), text("lair-chat hardened v1 rekey"), 32);
    const open = (key: Uint8Array, frame: Uint8Array) => {
      const nonce = new Uint8Array(12);
      nonce.set(frame.subarray(0, 8), 4);
      return gcm(key, nonce, frame.subarray(0, 8)).decrypt(frame.subarray(8));
    };
    expect(bytesToUtf8(open(k0, frames[2]!))).toBe("m2");
    expect(() => open(k0, frames[3]!)).toThrow();
    expect(bytesToUtf8(open(next, frames[3]!))).toBe("m3");
    expect(bytesToUtf8(open(next, frames[5]!))).toBe("m5");
    expect(() => open(next, frames[6]!)).toThrow();
    // Peers configured with different intervals part ways at the first rekey.
    const odd = createHardenedCipher({ sendKey: k1, receiveKey: k0, rekeyInterval: 4 });
    frames.slice(0, 3).forEach((frame) => {
      odd.decrypt(frame);
    });
    expect(codeOf(() => odd.decrypt(frames[3]!))).toBe("decrypt_failed");
  });

  it("rejects all 10,000 single-bit flips of a sealed frame", () => {
    const { a, b } = pair();
    const plaintext = new Uint8Array(10_000 / 8 - HARDENED_OVERHEAD).fill(0x62);
    const frame = a.encrypt(plaintext);
    expect(frame.length * 8).toBe(10_000);
    const outcomes = new Map<string | undefined, number>();
    for (let bit = 0; bit < 10_000; bit++) {
      const flipped = frame.slice();
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      const code = codeOf(() => b.decrypt(flipped));
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    }
    // Flips in the 64 counter bits break the sequence check first; every other bit, the tag.
    expect(Object.fromEntries(outcomes)).toEqual({ replay_detected: 64, decrypt_failed: 10_000 - 64 });
    expect(b.decrypt(frame)).toEqual(plaintext);
  });

  it("arbitrary bytes into decrypt always give a LairError", () => {
    const { b } = pair();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, zeroCounter) => {
        // Half the inputs carry the expected counter so they reach the AEAD.
        if (zeroCounter) bytes.fill(0, 0, 8);
        const code = codeOf(() => b.decrypt(bytes));
        expect(["decrypt_failed", "replay_detected"]).toContain(code);
      }),
    );
  });

  it("destroy() makes the cipher unusable", () => {
    const { a, b } = pair();
    const frame = a.encrypt(text("x"));
    b.destroy();
    expect(codeOf(() => b.decrypt(frame))).toBe("invalid_state");
    expect(codeOf(() => b.encrypt(text("x")))).toBe("invalid_state");
    expect(k0[0]).toBe(0x11); // keys were copied, the caller's stay intact
  });

  it("checks its options", () => {
    expect(() => createHardenedCipher({ sendKey: k0, receiveKey: k1, rekeyInterval: 0 })).toThrow(RangeError);
    expect(() => createHardenedCipher({ sendKey: k0, receiveKey: k1, rekeyInterval: 2 ** 32 })).toThrow(
      RangeError,
    );
    expect(() => createHardenedCipher({ sendKey: new Uint8Array(16), receiveKey: k1 })).toThrow(TypeError);
  });
});
