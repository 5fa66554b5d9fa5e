/**
 * The one shape every real-time connection has, whatever carries it (docs/protocol.md#transport-interface).
 * Server and client code talk to a Transport and never to a socket.
 */
import type { LairError } from "../errors/lair-error.ts";

/** Lifecycle of a transport; it only moves forward. */
export type TransportState = "connecting" | "open" | "closing" | "closed";

/** Payload of the `close` event. */
export interface TransportCloseInfo {
  /** WebSocket-style close code (see CLOSE_CODES); TCP has none on the wire, see the docs. */
  code: number;
  reason: string;
  /** False when the connection failed, was reset, or was closed because of a protocol error. */
  wasClean: boolean;
}

/** Events of a transport, as eventemitter3 argument lists. */
export interface TransportEvents {
  /** The transport became open; not emitted by transports created over an already-open socket. */
  open: [];
  /** One complete text message (one JSON document, not yet parsed). */
  message: [data: string];
  /** Emitted exactly once, last. */
  close: [info: TransportCloseInfo];
  /**
   * Something went wrong. A fatal error (bad framing, decrypt failure, network failure) is
   * followed by `close`; a binary WebSocket message is reported and the connection stays open.
   */
  error: [error: LairError];
}

export type TransportEventName = keyof TransportEvents;
export type TransportListener<E extends TransportEventName> = (...args: TransportEvents[E]) => void;

export interface Transport {
  readonly readyState: TransportState;
  /** Bytes accepted by `send` but not yet handed to the network (0 for the memory pair). */
  readonly bufferedAmount: number;
  /**
   * Send one text message. Throws LairError `connection_closed` once closing or closed,
   * `invalid_state` while still connecting, `frame_too_large` (TCP) when it cannot be framed.
   */
  send(data: string): void;
  /**
   * Start closing; idempotent. `code` is 1000–1003, 1007–1014 or 3000–4999 and `reason` at
   * most 123 UTF-8 bytes, else RangeError.
   * @param code @default 1000
   * @param reason @default ""
   */
  close(code?: number, reason?: string): void;
  on<E extends TransportEventName>(event: E, listener: TransportListener<E>): this;
  once<E extends TransportEventName>(event: E, listener: TransportListener<E>): this;
  off<E extends TransportEventName>(event: E, listener?: TransportListener<E>): this;
}
