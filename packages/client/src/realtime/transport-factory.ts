/**
 * How the client gets a fresh real-time connection for every (re)connect. The browser entry
 * builds WebSocket factories; the Node entry adds TCP with optional encryption. Keeping this an
 * interface is what keeps node:net out of the browser bundle.
 */
import type { ServerMessageOf, Transport } from "@lair-chat/protocol";

export type ServerHello = ServerMessageOf<"server_hello">;
export type KeyExchangeResponse = ServerMessageOf<"key_exchange_response">;

/** A key exchange in progress (TCP encryption). */
export interface KeyExchange {
  /** Fields of the `key_exchange` message (`public_key`, and `mode` for hardened). */
  message: { public_key: string; mode?: "compat" | "hardened" };
  /**
   * Finish with the server's answer and switch the transport to encrypted frames. Called
   * synchronously on receipt, before the next frame is read. Throws `handshake_failed`.
   */
  complete(response: KeyExchangeResponse): void;
}

export interface OpenedTransport {
  transport: Transport;
  /** Decide on encryption once `server_hello` is in; undefined means plaintext. */
  beginKeyExchange?(hello: ServerHello): KeyExchange | undefined;
}

export interface TransportFactory {
  /** For logs and `client.transport`. */
  readonly kind: string;
  /** Features to ask for on top of the client's (e.g. `hardened`). */
  readonly extraFeatures?: readonly string[];
  /** Start a new connection (it may still be connecting). */
  open(): OpenedTransport;
}
