/**
 * Authenticating a connection (docs/protocol.md#authentication): `authenticate {token}`,
 * pre-authentication from the upgrade request, and Lair's deprecated `login`/`register`, which
 * authenticate the connection too (Rust tcp/connection.rs `handle_auth`); and `logout`.
 */
import { LairError } from "@lair-chat/protocol";
import type { Principal } from "../engine/engine-api.ts";
import { commandInput } from "./message-routes.ts";
import type { RealtimeConnection } from "./realtime-connection.ts";
import { successResponse } from "./server-frames.ts";

/** True (after telling the client) when TCP encryption is required and has not been set up. */
function encryptionMissing(conn: RealtimeConnection, requestId: string | undefined): boolean {
  if (conn.link.kind !== "tcp" || !conn.ctx.options.tcpEncryptionRequired || conn.session.encrypted)
    return false;
  const message = "This server requires encryption: complete a key exchange before authenticating";
  conn.protocolError(new LairError("invalid_state", { message }), requestId);
  return true;
}

/** `authenticate_response` with the user as the engine shows it and the token's session. */
async function authenticateAs(conn: RealtimeConnection, principal: Principal, requestId: string | undefined) {
  const current = (await conn.ctx.engine.execute("get_current_user", conn.callContext(principal), {})) as {
    user: unknown;
  };
  const session = { id: principal.sessionId, expires_at: new Date(principal.expiresAt).toISOString() };
  await conn.becomeAuthenticated(principal, () =>
    successResponse("authenticate", requestId, { user: current.user, session }),
  );
}

export async function authenticateWithToken(
  conn: RealtimeConnection,
  token: string,
  requestId: string | undefined,
): Promise<void> {
  if (encryptionMissing(conn, requestId)) return;
  try {
    await authenticateAs(conn, await conn.ctx.engine.verifyToken(token), requestId);
  } catch (error) {
    conn.respondFailure("authenticate", requestId, error);
  }
}

/**
 * `/ws?token=` or the host's hook: answered with `authenticate_response` (no request id) right
 * after `server_hello`; a failure leaves the normal handshake open, as in Lair.
 */
export async function preauthenticate(
  conn: RealtimeConnection,
  resolve: () => Promise<Principal | null>,
): Promise<void> {
  try {
    const principal = await resolve();
    if (principal === null) return;
    conn.session.preauthenticated = true;
    await authenticateAs(conn, principal, undefined);
  } catch (error) {
    conn.session.preauthenticated = false;
    conn.respondFailure("authenticate", undefined, error);
  }
}

/** Deprecated `login`/`register` over the socket: the reply carries the token, and the connection is authenticated. */
export async function loginWithCredentials(
  conn: RealtimeConnection,
  type: "login" | "register",
  frame: Record<string, unknown>,
  requestId: string | undefined,
): Promise<void> {
  if (encryptionMissing(conn, requestId)) return;
  try {
    const { engine } = conn.ctx;
    const result = (await engine.execute(type, conn.callContext(null), commandInput(frame))) as {
      token: string;
    };
    const principal = await engine.verifyToken(result.token);
    await conn.becomeAuthenticated(principal, () => successResponse(type, requestId, result));
  } catch (error) {
    conn.respondFailure(type, requestId, error);
  }
}

/** Revoke the session, answer, then close (Lair TCP.md, "Logout"). */
export async function logout(conn: RealtimeConnection, requestId: string | undefined): Promise<void> {
  // The engine closes every socket of the revoked session; this one must answer first.
  conn.session.inLogout = true;
  try {
    await conn.ctx.engine.execute("logout", conn.callContext(conn.principal ?? null), {});
  } catch (error) {
    conn.respondFailure("logout", requestId, error);
    return;
  } finally {
    conn.session.inLogout = false;
  }
  conn.write(successResponse("logout", requestId, {}));
  conn.shutdown("logout", "Logged out", false);
}
