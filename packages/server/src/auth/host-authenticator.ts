/**
 * Bridges a host app's own authentication into Lair: the `authenticate` option maps a request
 * (its cookie, its header) to a Lair user, created on first sight when the hook names one by
 * username and email. Each such user gets one server-side session per server instance, reused
 * while it lives, so revocation and bans work for them as for token users.
 */
import type { IncomingMessage } from "node:http";
import { emailProblem, LairError, usernameProblem } from "@lair-chat/protocol";
import type { Principal } from "../engine/engine-api.ts";
import type { EngineCore } from "../engine/engine-core.ts";
import { issueSession, principalForSession } from "../engine/sessions.ts";
import type { AuthenticateResult } from "../options/server-options.ts";
import type { UserRecord } from "../storage/records.ts";

export type HostAuthenticator = (req: IncomingMessage, clientAddress: string) => Promise<Principal | null>;

export function createHostAuthenticator(
  core: EngineCore,
  hook: (req: IncomingMessage) => Promise<AuthenticateResult>,
): HostAuthenticator {
  const sessions = new Map<string, string>();

  const findOrCreate = async (result: NonNullable<AuthenticateResult>): Promise<UserRecord | null> => {
    if ("userId" in result) return core.storage.getUser(String(result.userId));
    const username = String(result.username);
    const email = String(result.email).toLowerCase();
    const existing =
      (await core.storage.findUserByIdentifier(username)) ?? (await core.storage.findUserByIdentifier(email));
    if (existing) return existing;
    const problem = usernameProblem(username) ?? emailProblem(email);
    if (problem)
      throw new LairError("validation_failed", {
        message: `authenticate hook returned an invalid user: ${problem}`,
      });
    const now = core.now();
    const user: UserRecord = {
      id: core.newId(),
      username,
      email,
      // No password: such a user can only come in through the host app.
      passwordHash: "",
      role: "user",
      createdAt: now,
      updatedAt: now,
      lastSeenAt: null,
      bannedAt: null,
      deletedAt: null,
    };
    await core.storage.createUser(user);
    return user;
  };

  return async (req, clientAddress) => {
    const result = await hook(req);
    if (!result) return null;
    const user = await findOrCreate(result);
    if (!user || user.deletedAt !== null) return null;
    if (user.bannedAt !== null) throw new LairError("account_banned");
    const known = sessions.get(user.id);
    if (known) {
      try {
        return await principalForSession(core, known, user.id);
      } catch (error) {
        if (error instanceof LairError && error.code === "account_banned") throw error;
        sessions.delete(user.id);
      }
    }
    const ctx = { transport: "http" as const, clientAddress, userAgent: req.headers["user-agent"] ?? null };
    const issued = await issueSession(core, user, ctx, "host");
    sessions.set(user.id, issued.session.id);
    return principalForSession(core, issued.session.id, user.id);
  };
}
