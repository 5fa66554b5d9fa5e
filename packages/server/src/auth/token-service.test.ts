import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createTokenService } from "./token-service.ts";

const secret = new TextEncoder().encode("k".repeat(32));
const claims = { userId: "u1", sessionId: "s1", username: "alice", role: "user" as const };

describe("token service", () => {
  it("signs HS256 with sub, sid, username, role, iat, exp and verifies them", async () => {
    const now = 1_700_000_000_000;
    const tokens = createTokenService(secret, () => now);
    const token = await tokens.sign({ ...claims, expiresAt: now + 60_000 });
    expect(JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString()).alg).toBe("HS256");
    expect(await tokens.verify(token)).toEqual({
      sub: "u1",
      sid: "s1",
      username: "alice",
      role: "user",
      iat: 1_700_000_000,
      exp: 1_700_000_060,
    });
  });

  it("refuses expired, foreign-key, other-algorithm and unsigned tokens", async () => {
    let now = 1_700_000_000_000;
    const tokens = createTokenService(secret, () => now);
    const token = await tokens.sign({ ...claims, expiresAt: now + 1000 });
    now += 5000;
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: "token_expired" });
    const live = createTokenService(secret);
    const foreign = await createTokenService(new TextEncoder().encode("z".repeat(32))).sign({
      ...claims,
      expiresAt: Date.now() + 60_000,
    });
    await expect(live.verify(foreign)).rejects.toMatchObject({ code: "invalid_token" });
    const hs512 = await new SignJWT({ sid: "s1", username: "a", role: "user" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject("u1")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(secret);
    await expect(live.verify(hs512)).rejects.toMatchObject({ code: "invalid_token" });
    const body = token.split(".")[1];
    await expect(
      live.verify(`${Buffer.from('{"alg":"none"}').toString("base64url")}.${body}.`),
    ).rejects.toMatchObject({ code: "invalid_token" });
    const badRole = await new SignJWT({ sid: "s1", username: "a", role: "root" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u1")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(secret);
    await expect(live.verify(badRole)).rejects.toMatchObject({ code: "invalid_token" });
  });
});
