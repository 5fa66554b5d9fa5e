/**
 * What a connection does with each frame (docs/protocol.md#connection-flow): parse and validate
 * it, check it is allowed in the connection's state, then run it. Authentication lives in
 * connection-auth.ts; sockets, queues and closing in realtime-connection.ts.
 */
import {
  type ClientMessage,
  isCompatibleVersion,
  LAIR_ENCRYPTION_FEATURE,
  LairError,
  negotiateFeatures,
  PROTOCOL_VERSION,
  parseClientMessage,
  parseJson,
  responseTypeOf,
  toLairError,
} from "@lair-chat/protocol";
import { PROTOCOL_CHECKED_INPUTS } from "../engine/command-inputs.ts";
import { authenticateWithToken, loginWithCredentials, logout } from "./connection-auth.ts";
import { gateRequest } from "./connection-gate.ts";
import { respondToKeyExchange } from "./key-exchange.ts";
import { commandForType, commandInput, isFireAndForget } from "./message-routes.ts";
import type { RealtimeConnection } from "./realtime-connection.ts";
import { failureResponse, pongFrame, successResponse } from "./server-frames.ts";

type Frame = Record<string, unknown>;

/** Handle one text frame; async while it waits on the engine (the connection queues what follows). */
export function handleFrame(conn: RealtimeConnection, text: string): void | Promise<void> {
  const json = parseJson(text);
  if (!json.ok) {
    conn.protocolError(json.error);
    return;
  }
  const parsed = parseClientMessage(json.value);
  const flags = { preauthenticatedWithoutHello: conn.session.preauthenticated && !conn.session.helloSeen };
  if (!parsed.ok) {
    if (parsed.type === undefined) {
      conn.protocolError(parsed.error, parsed.requestId);
      return;
    }
    const refused = gateRequest(conn.state, parsed.type, flags);
    if (refused) {
      conn.protocolError(refused, parsed.requestId);
      return;
    }
    const badToken = tokenOutOfBounds(parsed.type, json.value);
    if (badToken) return authenticateWithToken(conn, badToken.token, badToken.requestId);
    // A known request with bad fields gets its own response type, so clients can correlate it.
    if (responseTypeOf(parsed.type) !== undefined && !isFireAndForget(parsed.type)) {
      return conn.write(failureResponse(parsed.type, parsed.requestId, parsed.error));
    }
    conn.protocolError(parsed.error, parsed.requestId);
    return;
  }
  const message = parsed.message;
  const requestId = message.request_id ?? undefined;
  const refused = gateRequest(conn.state, message.type, flags);
  if (refused) {
    conn.protocolError(refused, requestId);
    return;
  }
  const frame = json.value as Frame;
  switch (message.type) {
    case "ping":
      return conn.write(pongFrame(requestId));
    case "client_hello":
      return clientHello(conn, message.version, message.features, requestId);
    case "key_exchange":
      return keyExchange(conn, message, requestId);
    case "authenticate":
      return authenticateWithToken(conn, message.token, requestId);
    case "login":
    case "register":
      return loginWithCredentials(conn, message.type, frame, requestId);
    case "logout":
      return logout(conn, requestId);
    case "resume":
      return resume(conn, message.since, requestId);
    default:
      return command(conn, message.type, frame, message as Frame, requestId);
  }
}

/**
 * An `authenticate` that fails validation only because of its token's length: that is a bad
 * token (`invalid_token`, as over HTTP and `?token=`), not a malformed message.
 */
function tokenOutOfBounds(
  type: string,
  value: unknown,
): { token: string; requestId: string | undefined } | undefined {
  if (type !== "authenticate" || typeof value !== "object" || value === null) return undefined;
  const token = (value as Frame).token;
  if (typeof token !== "string") return undefined;
  const probe = parseClientMessage({ ...(value as Frame), token: "x" });
  return probe.ok ? { token, requestId: probe.message.request_id ?? undefined } : undefined;
}

/**
 * Features in this connection's `server_hello`: the engine's, plus on TCP Lair's `encryption`
 * and, with a static key, `hardened`.
 */
export function serverFeatures(conn: RealtimeConnection): string[] {
  const own = conn.ctx.engine.features.filter((f) => f !== "hardened" && f !== LAIR_ENCRYPTION_FEATURE);
  if (conn.link.kind !== "tcp") return own;
  return [LAIR_ENCRYPTION_FEATURE, ...own, ...(conn.ctx.serverKey === undefined ? [] : ["hardened"])];
}

function clientHello(
  conn: RealtimeConnection,
  version: string,
  features: readonly string[],
  requestId: string | undefined,
): void {
  conn.session.helloSeen = true;
  if (!isCompatibleVersion(version)) {
    const shown = version.length > 32 ? `${version.slice(0, 32)}…` : version;
    const error = new LairError("version_mismatch", {
      message: `Unsupported protocol version: ${shown}. Server supports: ${PROTOCOL_VERSION}`,
      details: { supported_versions: [PROTOCOL_VERSION] },
    });
    conn.protocolError(error, requestId);
    conn.shutdown("version_mismatch", error.message, false);
    return;
  }
  // In place: the engine reads the handle's feature set at each delivery.
  conn.negotiated.clear();
  for (const feature of negotiateFeatures(serverFeatures(conn), features)) conn.negotiated.add(feature);
  if (conn.state !== "handshake") return;
  // Lair: a TCP client that names `encryption` must exchange keys before anything else.
  if (conn.link.kind === "tcp" && features.includes(LAIR_ENCRYPTION_FEATURE)) conn.enterKeyExchange();
  else conn.enterAuth();
}

function keyExchange(
  conn: RealtimeConnection,
  request: Extract<ClientMessage, { type: "key_exchange" }>,
  requestId: string | undefined,
): void {
  const { link } = conn;
  if (link.kind !== "tcp" || link.sendThenSetCipher === undefined) {
    const message = "Key exchange is only available over TCP (use wss:// for an encrypted WebSocket)";
    conn.protocolError(new LairError("invalid_state", { message }), requestId);
    return;
  }
  if (conn.session.encrypted !== undefined) {
    conn.protocolError(new LairError("invalid_state", { message: "Encryption is already on" }), requestId);
    return;
  }
  let outcome: ReturnType<typeof respondToKeyExchange>;
  try {
    outcome = respondToKeyExchange(request, conn.ctx.options.hardenedStaticKey);
  } catch (error) {
    conn.protocolError(toLairError(error, "handshake_failed"), requestId);
    return;
  }
  const response = JSON.stringify({
    type: "key_exchange_response",
    ...(requestId === undefined ? {} : { request_id: requestId }),
    ...outcome.response,
  });
  // The response goes out in plaintext; every frame after it, both ways, is sealed.
  if (!conn.writeThenEncrypt(response, outcome.cipher)) return;
  conn.session.encrypted = outcome.mode;
  if (conn.state === "key_exchange") conn.enterAuth();
}

async function resume(
  conn: RealtimeConnection,
  since: Record<string, number>,
  requestId: string | undefined,
) {
  const handle = conn.handle;
  if (!conn.negotiated.has("resume") || handle === undefined) {
    const message = "The resume extension was not negotiated in client_hello";
    return conn.write(failureResponse("resume", requestId, new LairError("invalid_state", { message })));
  }
  try {
    const outcomes = await conn.ctx.engine.resume(handle, since);
    const results: Record<string, { recovered: boolean; last_seq: number }> = {};
    for (const [key, outcome] of Object.entries(outcomes)) {
      results[key] = { recovered: outcome.recovered, last_seq: outcome.lastSeq };
    }
    conn.write(successResponse("resume", requestId, { results }));
  } catch (error) {
    conn.respondFailure("resume", requestId, error);
  }
}

async function command(
  conn: RealtimeConnection,
  type: string,
  frame: Frame,
  checked: Frame,
  requestId: string | undefined,
) {
  const name = commandForType(type);
  const { engine } = conn.ctx;
  if (name === undefined || !engine.hasCommand(name)) {
    const error = new LairError("unknown_message_type", { message: `Unsupported message type: ${type}` });
    conn.protocolError(error, requestId);
    return;
  }
  try {
    const ctx = conn.callContext(conn.principal ?? null);
    // A command whose input schema is this request's protocol schema takes the parsed message
    // as it is; every other command gets the frame and validates it with its own schema.
    const result =
      name === type && PROTOCOL_CHECKED_INPUTS.has(name)
        ? await engine.execute(name, ctx, commandInput(checked), { protocolChecked: true })
        : await engine.execute(name, ctx, commandInput(frame));
    if (isFireAndForget(type)) return;
    const payload = typeof result === "object" && result !== null && !Array.isArray(result) ? result : {};
    conn.write(successResponse(type, requestId, payload));
  } catch (error) {
    if (isFireAndForget(type)) {
      conn.log.debug({ err: error, type }, "fire-and-forget request failed");
      return;
    }
    conn.respondFailure(type, requestId, error);
  }
}
