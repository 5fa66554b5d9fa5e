import { describe, expect, it } from "vitest";
import { createPasswordHasher } from "./password-hasher.ts";

describe("password hasher", () => {
  const hasher = createPasswordHasher();

  it("hashes with argon2id at m=19456, t=2, p=1 and verifies", async () => {
    const h = await hasher.hash("correct horse");
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verifyOrBurn(h, "correct horse")).toBe(true);
    expect(await hasher.verifyOrBurn(h, "wrong horse")).toBe(false);
  });

  it("answers false for an unknown user after doing the same work", async () => {
    expect(await hasher.verifyOrBurn(null, "anything")).toBe(false);
    expect(await hasher.verifyOrBurn("", "anything")).toBe(false);
  });

  it("refuses an over-long password before hashing, and weak parameters", async () => {
    await expect(hasher.hash("x".repeat(1025))).rejects.toThrow(RangeError);
    await expect(hasher.verifyOrBurn(null, "x".repeat(1025))).rejects.toThrow(RangeError);
    expect(() => createPasswordHasher({ memoryCost: 4096 })).toThrow(RangeError);
    expect(() => createPasswordHasher({ timeCost: 1 })).toThrow(RangeError);
  });
});
