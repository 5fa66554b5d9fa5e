/**
 * A Transport over TCP (docs/protocol.md#tcp; Lair TCP.md, "Message Framing"): every message
 * is one length-prefixed frame of UTF-8 JSON, optionally sealed by a FrameCipher once a key
 * exchange has finished. Node only (node:net): exported from `@lair-chat/protocol/node`.
 */
import { connect, type Socket } from "node:net";
import type { FrameCipher } from "../crypto/frame-cipher.ts";
import { LairError, toLairError } from "../errors/lair-error.ts";
import { encodeFrame } from "../framing/encode-frame.ts";
import { FrameDecoder } from "../framing/frame-decoder.ts";
import { decodeUtf8Strict } from "../json/decode-utf8-strict.ts";
import { MAX_FRAME_BYTES } from "../limits.ts";
import { BaseTransport } from "./base-transport.ts";
import { CLOSE_CODES, checkCloseArgs } from "./close-codes.ts";
import type { TransportCloseInfo } from "./transport.ts";

export interface TcpTransportOptions {
  /** Largest frame (after encryption) sent or accepted. @default MAX_FRAME_BYTES (1,048,576) */
  maxFrameBytes?: number;
  /** Give up connecting after this long (`timeout` error, then close); 0 disables. @default 10000 */
  connectTimeoutMs?: number;
  /** After `close()`, destroy the socket if the peer has not finished closing by then. @default 5000 */
  closeTimeoutMs?: number;
}

export interface ConnectTcpOptions extends TcpTransportOptions {
  host: string;
  port: number;
}

const utf8 = new TextEncoder();

function closeCodeFor(error: LairError): number {
  if (error.code === "frame_too_large") return CLOSE_CODES.MESSAGE_TOO_BIG;
  if (error.code === "invalid_message") return CLOSE_CODES.INVALID_PAYLOAD;
  return CLOSE_CODES.PROTOCOL_ERROR;
}

function checkMs(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number`);
  return value;
}

/**
 * Wraps a connected (server side) or connecting (`connectTcp`) socket. TCP carries no close
 * code: a peer's orderly close is reported as 1005 and a reset or truncated frame as 1006;
 * a frame error closes with 1009 (too large), 1007 (invalid UTF-8 or truncated) or 1002.
 */
export class TcpTransport extends BaseTransport {
  readonly #socket: Socket;
  readonly #decoder: FrameDecoder;
  readonly #maxFrameBytes: number;
  readonly #closeTimeoutMs: number;
  #cipher: FrameCipher | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** What the `close` event will report once the socket has gone. */
  #closeInfo: TransportCloseInfo | undefined;

  constructor(socket: Socket, options: TcpTransportOptions = {}) {
    if (socket === null || typeof socket !== "object" || typeof socket.write !== "function") {
      throw new TypeError("socket must be a net.Socket");
    }
    if (socket.destroyed) throw new TypeError("socket is already destroyed");
    super(socket.connecting ? "connecting" : "open");
    this.#maxFrameBytes = options.maxFrameBytes ?? MAX_FRAME_BYTES;
    this.#decoder = new FrameDecoder({ maxFrameBytes: this.#maxFrameBytes });
    this.#closeTimeoutMs = checkMs(options.closeTimeoutMs ?? 5_000, "closeTimeoutMs");
    const connectTimeoutMs = checkMs(options.connectTimeoutMs ?? 10_000, "connectTimeoutMs");
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on("connect", this.#onConnect);
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("error", this.#onError);
    socket.on("close", this.#onClose);
    if (socket.connecting && connectTimeoutMs > 0) {
      this.#timer = setTimeout(this.#onConnectTimeout, connectTimeoutMs);
    }
  }

  /** Bytes written but not yet flushed to the kernel. */
  get bufferedAmount(): number {
    return this.#socket.writableLength;
  }

  /** The cipher currently sealing frames, if any. */
  get cipher(): FrameCipher | undefined {
    return this.#cipher;
  }

  /**
   * Seal every frame sent after this call, and open every frame received after it, with
   * `cipher` (docs/protocol.md#tcp-encryption). Frames already passed to `send` stay as they
   * were, so `send(keyExchangeResponse); setCipher(c)` sends the response in plaintext and
   * everything after it encrypted. The transport owns the cipher from now on and destroys it
   * on close or when it is replaced.
   */
  setCipher(cipher: FrameCipher): void {
    if (cipher === null || typeof cipher !== "object" || typeof cipher.encrypt !== "function") {
      throw new TypeError("cipher must be a FrameCipher");
    }
    if (this.#cipher !== cipher) this.#cipher?.destroy();
    this.#cipher = cipher;
  }

  /** `send(data)` then `setCipher(cipher)`: the plaintext-then-encrypted switch in one call. */
  sendThenSetCipher(data: string, cipher: FrameCipher): void {
    this.send(data);
    this.setCipher(cipher);
  }

  send(data: string): void {
    this.assertCanSend(data);
    const plaintext = utf8.encode(data);
    // Refused before sealing, so an oversized message never consumes a nonce.
    if (plaintext.length > this.#maxFrameBytes) throw this.#tooLarge(plaintext.length);
    if (!this.#cipher) {
      this.#socket.write(encodeFrame(plaintext, this.#maxFrameBytes));
      return;
    }
    const overhead = this.#cipher.overhead ?? 0;
    if (plaintext.length + overhead > this.#maxFrameBytes) throw this.#tooLarge(plaintext.length + overhead);
    const sealed = this.#cipher.encrypt(plaintext);
    if (sealed.length > this.#maxFrameBytes) {
      // The cipher has advanced past a frame the peer will never see: the session is broken.
      const error = this.#tooLarge(sealed.length);
      this.#fail(error, CLOSE_CODES.MESSAGE_TOO_BIG);
      throw error;
    }
    this.#socket.write(encodeFrame(sealed, this.#maxFrameBytes));
  }

  close(code: number = CLOSE_CODES.NORMAL, reason = ""): void {
    checkCloseArgs(code, reason);
    if (!this.markClosing()) return;
    this.#closeInfo = { code, reason, wasClean: true };
    this.#clearTimer();
    if (this.#socket.connecting) {
      this.#socket.destroy();
      return;
    }
    this.#socket.end();
    this.#timer = setTimeout(() => this.#socket.destroy(), this.#closeTimeoutMs);
  }

  #tooLarge(size: number): LairError {
    return new LairError("frame_too_large", { details: { size, max: this.#maxFrameBytes } });
  }

  /** Report `error`, then drop the connection: after a frame error the stream cannot be trusted. */
  #fail(error: LairError, code: number): void {
    if (this.readyState === "closed") return;
    if (this.#closeInfo === undefined || this.#closeInfo.wasClean) {
      this.#closeInfo = { code, reason: error.code, wasClean: false };
    }
    this.markClosing();
    this.#clearTimer();
    this.emit("error", error);
    this.#socket.destroy();
  }

  #onConnect = (): void => {
    this.#clearTimer();
    this.markOpen();
  };

  #onConnectTimeout = (): void => {
    this.#timer = undefined;
    if (this.readyState === "connecting") {
      this.#fail(new LairError("timeout", { message: "TCP connection timed out" }), CLOSE_CODES.ABNORMAL);
    }
  };

  #onData = (chunk: Buffer): void => {
    if (this.readyState !== "open") return;
    const { frames, error } = this.#decoder.push(chunk);
    for (const frame of frames) {
      // A listener may have closed the transport or switched the cipher on the previous frame.
      if (this.readyState !== "open") return;
      let payload = frame;
      const cipher = this.#cipher;
      if (cipher) {
        try {
          payload = cipher.decrypt(frame);
        } catch (cause) {
          this.#fail(toLairError(cause, "decrypt_failed"), CLOSE_CODES.PROTOCOL_ERROR);
          return;
        }
      }
      const text = decodeUtf8Strict(payload);
      if (!text.ok) {
        this.#fail(text.error, CLOSE_CODES.INVALID_PAYLOAD);
        return;
      }
      this.emit("message", text.value);
    }
    if (error && this.readyState === "open") this.#fail(error, closeCodeFor(error));
  };

  #onEnd = (): void => {
    const truncated = this.#decoder.end();
    if (truncated && this.readyState === "open") {
      this.#fail(truncated, CLOSE_CODES.ABNORMAL);
      return;
    }
    this.#closeInfo ??= { code: CLOSE_CODES.NO_STATUS, reason: "", wasClean: true };
    // With allowHalfOpen the socket would otherwise stay writable forever.
    this.#socket.end();
  };

  #onError = (cause: Error): void => {
    if (this.readyState === "closed") return;
    // After our own close (or a frame error) a reset from the peer is expected noise.
    if (this.readyState === "closing") return;
    this.#fail(new LairError("network_error", { message: cause.message, cause }), CLOSE_CODES.ABNORMAL);
  };

  #onClose = (): void => {
    this.#clearTimer();
    const socket = this.#socket;
    socket.off("connect", this.#onConnect);
    socket.off("data", this.#onData);
    socket.off("end", this.#onEnd);
    socket.off("close", this.#onClose);
    // The error listener stays: a late socket error must never become an unhandled 'error'.
    this.#cipher?.destroy();
    this.#cipher = undefined;
    this.markClosing();
    this.markClosed(this.#closeInfo ?? { code: CLOSE_CODES.ABNORMAL, reason: "", wasClean: false });
  };

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** Open a TCP connection; the transport starts in `connecting` and emits `open` or `error` + `close`. */
export function connectTcp(options: ConnectTcpOptions): TcpTransport {
  if (options === null || typeof options !== "object") throw new TypeError("options must be an object");
  if (typeof options.host !== "string") throw new TypeError("options.host must be a string");
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65_535) {
    throw new RangeError("options.port must be an integer between 1 and 65535");
  }
  return new TcpTransport(connect({ host: options.host, port: options.port }), options);
}
