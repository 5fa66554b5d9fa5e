/**
 * A Transport over a WebSocket (docs/protocol.md#websocket): JSON text messages, one per
 * frame. Works with the browser's native WebSocket, with `ws` on Node (the default, through
 * isomorphic-ws) and with `ws` server-side sockets. No Node built-ins here: browsers load it.
 */
import WebSocketImpl from "isomorphic-ws";
import { LairError } from "../errors/lair-error.ts";
import { BaseTransport } from "./base-transport.ts";
import { CLOSE_CODES, checkCloseArgs } from "./close-codes.ts";

type SocketEventName = "open" | "message" | "close" | "error";

/** The part of the standard WebSocket API this transport uses (browser WebSocket and `ws` both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  binaryType: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // `unknown` events: each implementation has its own event classes; the handlers narrow.
  addEventListener(type: SocketEventName, listener: (event: unknown) => void): void;
  removeEventListener(type: SocketEventName, listener: (event: unknown) => void): void;
}

/** A WebSocket constructor: the browser's, `ws`'s, or anything with the same shape. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface WebSocketTransportOptions {
  /**
   * Give up when the socket is still connecting after this long (`timeout` error, then close).
   * 0 disables the timer. Ignored for a socket that is already open.
   * @default 10000
   */
  connectTimeoutMs?: number;
}

export interface ConnectWebSocketOptions extends WebSocketTransportOptions {
  /** The WebSocket implementation. @default isomorphic-ws (`ws` on Node, the global in browsers) */
  WebSocket?: WebSocketConstructor;
  /** Subprotocols to offer. @default none */
  protocols?: string | string[];
}

const CONNECTING = 0;
const OPEN = 1;

/** Map the `error` event of `ws` (which carries an Error with a code) or a browser (which does not). */
function socketError(event: { error?: unknown }): LairError {
  const cause = event.error;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === "WS_ERR_INVALID_UTF8") return new LairError("invalid_message", { cause });
  if (code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") return new LairError("frame_too_large", { cause });
  return new LairError("network_error", { cause });
}

export class WebSocketTransport extends BaseTransport {
  readonly #socket: WebSocketLike;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the socket is known to be going away, to silence its trailing `error` events. */
  #quiet = false;

  /**
   * Wrap a socket that is connecting or already open (e.g. one handed out by a `ws`
   * WebSocketServer). An already-open socket starts the transport in `open` with no `open` event.
   */
  constructor(socket: WebSocketLike, options: WebSocketTransportOptions = {}) {
    const state = socket?.readyState;
    if (state !== CONNECTING && state !== OPEN) {
      throw new TypeError("socket must be a WebSocket that is connecting or open");
    }
    super(state === OPEN ? "open" : "connecting");
    const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    if (!Number.isFinite(connectTimeoutMs) || connectTimeoutMs < 0) {
      throw new RangeError("connectTimeoutMs must be a non-negative number");
    }
    this.#socket = socket;
    // Binary frames are refused either way; arraybuffer avoids browsers building Blobs for them.
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", this.#onOpen);
    socket.addEventListener("message", this.#onMessage);
    socket.addEventListener("error", this.#onError);
    socket.addEventListener("close", this.#onClose);
    if (state === CONNECTING && connectTimeoutMs > 0) {
      this.#timer = setTimeout(this.#onTimeout, connectTimeoutMs);
    }
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  send(data: string): void {
    this.assertCanSend(data);
    try {
      this.#socket.send(data);
    } catch (cause) {
      throw new LairError("network_error", { cause });
    }
  }

  close(code: number = CLOSE_CODES.NORMAL, reason = ""): void {
    checkCloseArgs(code, reason);
    if (!this.markClosing()) return;
    this.#quiet = true;
    this.#clearTimer();
    try {
      this.#socket.close(code, reason);
    } catch {
      // Browsers only let scripts send 1000 and 3000–4999.
      this.#socket.close(CLOSE_CODES.NORMAL, reason);
    }
  }

  #onOpen = (): void => {
    this.#clearTimer();
    this.markOpen();
  };

  #onMessage = (event: unknown): void => {
    if (this.readyState !== "open") return;
    const { data } = event as { data: unknown };
    if (typeof data === "string") {
      this.emit("message", data);
      return;
    }
    // Lair answers a binary frame with an error and keeps the connection; so do we.
    this.emit(
      "error",
      new LairError("invalid_message", {
        message: "Binary WebSocket messages are not supported",
        details: { reason: "binary_frame" },
      }),
    );
  };

  #onError = (event: unknown): void => {
    if (this.#quiet || this.readyState === "closed") return;
    this.emit("error", socketError(event as { error?: unknown }));
  };

  #onClose = (closeEvent: unknown): void => {
    const event = closeEvent as { code: number; reason: string; wasClean: boolean };
    this.#clearTimer();
    const socket = this.#socket;
    socket.removeEventListener("open", this.#onOpen);
    socket.removeEventListener("message", this.#onMessage);
    socket.removeEventListener("error", this.#onError);
    socket.removeEventListener("close", this.#onClose);
    this.markClosing();
    this.markClosed({ code: event.code, reason: event.reason, wasClean: event.wasClean });
  };

  #onTimeout = (): void => {
    this.#timer = undefined;
    if (this.readyState !== "connecting") return;
    this.emit("error", new LairError("timeout", { message: "WebSocket connection timed out" }));
    this.markClosing();
    this.#quiet = true;
    this.#socket.close();
  };

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** Open a WebSocket to `url` and wrap it; the transport starts in `connecting`. */
export function connectWebSocket(url: string, options: ConnectWebSocketOptions = {}): WebSocketTransport {
  if (typeof url !== "string") throw new TypeError("url must be a string");
  const Ctor: WebSocketConstructor = options.WebSocket ?? WebSocketImpl;
  const socket = options.protocols === undefined ? new Ctor(url) : new Ctor(url, options.protocols);
  return new WebSocketTransport(socket, options);
}
