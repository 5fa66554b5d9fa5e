/**
 * The forged-token table as data, shared by test/http-forged-tokens.test.ts (as bearer headers)
 * and test/realtime-forged-tokens.test.ts (as `authenticate` tokens and `?token=`): every way a
 * token can be wrong, with the HTTP status and the error code it must be refused with.
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";

/** A signed-in user as the harnesses return it. */
export interface CaseSession {
  id: string;
  username: string;
  token: string;
  sessionId: string;
}

/** What building the table needs from a running server (each harness provides its own). */
export interface ForgeEnv {
  /** The server's JWT secret. */
  secret: string;
  newUser(prefix: string): Promise<CaseSession>;
  /** A second session of an existing user. */
  login(username: string): Promise<CaseSession>;
  logout(token: string): Promise<void>;
  /** Change the password with the session of `token`, which revokes the user's other sessions. */
  changePassword(token: string): Promise<void>;
  /** Delete / ban the user directly in storage: their tokens stay signed and their sessions live. */
  markDeleted(userId: string): Promise<void>;
  markBanned(userId: string): Promise<void>;
}

export interface ForgedToken {
  name: string;
  token: string;
  status: number;
  code: string;
}

export interface ForgedTokens {
  /** The user most forged tokens claim to be; `alice.token` is genuine. */
  alice: CaseSession;
  /** A correctly signed token for alice's session (genuine, too). */
  valid: string;
  tokens: ForgedToken[];
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** A JWT with the usual claims; `iat`/`exp` may be overridden through `claims`. */
export async function signToken(
  claims: Record<string, unknown>,
  secret: Uint8Array,
  options: { alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ username: "x", role: "user", ...claims })
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .setIssuedAt((claims.iat as number | undefined) ?? now)
    .setExpirationTime((claims.exp as number | undefined) ?? now + 3600)
    .sign(secret);
}

export async function forgedTokens(env: ForgeEnv): Promise<ForgedTokens> {
  const key = new TextEncoder().encode(env.secret);
  const sign = (claims: Record<string, unknown>, options: { secret?: Uint8Array; alg?: string } = {}) =>
    signToken(claims, options.secret ?? key, options);

  const alice = await env.newUser("alice");
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: alice.id, sid: alice.sessionId, username: alice.username, role: "user" };

  const loggedOut = await env.login(alice.username);
  await env.logout(loggedOut.token);

  const pw = await env.newUser("pw");
  const pwOld = await env.login(pw.username);
  await env.changePassword(pw.token);

  const gone = await env.newUser("gone");
  await env.markDeleted(gone.id);
  const banned = await env.newUser("banned");
  await env.markBanned(banned.id);

  const valid = await sign(claims);
  const [head, body, sig] = valid.split(".");
  const tamperedBody = b64({
    ...JSON.parse(Buffer.from(body as string, "base64url").toString()),
    role: "admin",
  });
  const alg = (a: string) => `${b64({ alg: a, typ: "JWT" })}.${body}.`;
  // Key confusion: an RS256 header over a MAC made with the server's secret.
  const rsHead = b64({ alg: "RS256", typ: "JWT" });
  const rsMac = createHmac("sha256", key).update(`${rsHead}.${body}`).digest("base64url");
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

  const tokens: ForgedToken[] = [];
  const t = (name: string, token: string, status: number, code: string) =>
    tokens.push({ name, token, status, code });
  t("alg none", alg("none"), 401, "invalid_token");
  t("alg none with signature", `${b64({ alg: "none" })}.${body}.${sig}`, 401, "invalid_token");
  t(
    "wrong key",
    await sign(claims, { secret: new TextEncoder().encode("some-other-secret-of-32-bytes!!!!!") }),
    401,
    "invalid_token",
  );
  t("HS512 with the right key", await sign(claims, { alg: "HS512" }), 401, "invalid_token");
  t("RS256 header, MAC with the secret", `${rsHead}.${body}.${rsMac}`, 401, "invalid_token");
  t(
    "RS256 with an RSA key",
    await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey),
    401,
    "invalid_token",
  );
  t("tampered payload", `${head}.${tamperedBody}.${sig}`, 401, "invalid_token");
  t("expired", await sign({ ...claims, exp: now - 60 }), 401, "token_expired");
  t("not yet valid", await sign({ ...claims, nbf: now + 3600 }), 401, "invalid_token");
  t(
    "issued in the future",
    await sign({ ...claims, iat: now + 3600, exp: now + 7200 }),
    401,
    "invalid_token",
  );
  t("missing sid", await sign({ sub: alice.id }), 401, "invalid_token");
  t("session of another user", await sign({ ...claims, sid: pw.sessionId }), 401, "session_not_found");
  t(
    "unknown session",
    await sign({ ...claims, sid: "00000000-0000-0000-0000-000000000000" }),
    401,
    "session_not_found",
  );
  t("logged-out session", loggedOut.token, 401, "session_not_found");
  t("token from before a password change", pwOld.token, 401, "session_not_found");
  t("deleted user", gone.token, 401, "session_not_found");
  t("banned user", banned.token, 403, "account_banned");
  t("garbage", "not-a-jwt", 401, "invalid_token");
  t("huge", "a".repeat(9000), 401, "invalid_token");
  return { alice, valid, tokens };
}
