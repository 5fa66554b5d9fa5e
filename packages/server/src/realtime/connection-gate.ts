/**
 * Which requests a connection accepts in each state (docs/protocol.md#connection-flow; the
 * Rust `handle_handshake`/`handle_key_exchange`/`handle_auth`/`handle_authenticated`). A
 * refused request gets a protocol `error` with the code and message Lair uses.
 */
import { LairError } from "@lair-chat/protocol";

/** Forward-only connection states. */
export type ConnectionState = "new" | "handshake" | "key_exchange" | "auth" | "ready" | "closing" | "closed";

const CREDENTIAL_TYPES: ReadonlySet<string> = new Set(["authenticate", "login", "register"]);

export interface GateFlags {
  /** Authenticated from the upgrade request (`?token=` or the host hook) before any `client_hello`. */
  preauthenticatedWithoutHello: boolean;
}

/** Undefined when `type` may be handled in `state`, else the error to answer with. */
export function gateRequest(state: ConnectionState, type: string, flags: GateFlags): LairError | undefined {
  if (type === "ping") return undefined;
  switch (state) {
    case "handshake":
      return type === "client_hello" ? undefined : unauthorized("Must complete handshake first");
    case "key_exchange":
      return type === "key_exchange" ? undefined : unauthorized("Must complete key exchange first");
    case "auth":
      if (CREDENTIAL_TYPES.has(type) || type === "key_exchange") return undefined;
      if (type === "client_hello") return invalidState("Handshake already complete");
      return unauthorized("Must authenticate first");
    case "ready":
      // A pre-authenticated client may still say hello, to negotiate extensions.
      if (type === "client_hello" && flags.preauthenticatedWithoutHello) return undefined;
      if (CREDENTIAL_TYPES.has(type) || type === "client_hello") return invalidState("Already authenticated");
      if (type === "key_exchange") return invalidState("Key exchange must come before authentication");
      return undefined;
    default:
      return new LairError("connection_closed");
  }
}

function unauthorized(message: string): LairError {
  return new LairError("unauthorized", { message });
}

function invalidState(message: string): LairError {
  return new LairError("invalid_state", { message });
}
