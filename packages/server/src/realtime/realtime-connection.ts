/**
 * One WebSocket or TCP connection, the same for both transports: its state, its deadlines, its
 * request queue, its outbound cap and how it closes.
 * What each frame means is connection-requests.ts; nothing a peer sends can throw out of here.
 */
import { randomUUID } from "node:crypto";
import { type FrameCipher, LairError, PROTOCOL_VERSION, parseJson, toLairError } from "@lair-chat/protocol";
import type { CallContext, ConnectionHandle, Principal } from "../engine/engine-api.ts";
import type { OutboundFrame } from "../engine/outbound-frame.ts";
import type { Logger } from "../options/logger.ts";
import { preauthenticate } from "./connection-auth.ts";
import type { ConnectionContext, SessionFlags, StartOptions } from "./connection-context.ts";
import type { ConnectionState } from "./connection-gate.ts";
import { type ConnectionLink, closeCodeFor } from "./connection-link.ts";
import { handleFrame, serverFeatures } from "./connection-requests.ts";
import { ConnectionTimers, type TimeoutPhase } from "./connection-timers.ts";
import { RequestQueue } from "./request-queue.ts";
import { errorFrame, failureResponse } from "./server-frames.ts";
import type { BatchedWriter } from "./write-batch.ts";

export class RealtimeConnection {
  readonly id = randomUUID();
  readonly link: ConnectionLink;
  readonly ctx: ConnectionContext;
  #log: Logger | undefined;
  /** Resolves once the transport has closed. */
  readonly closed: Promise<void>;
  readonly session: SessionFlags = {
    helloSeen: false,
    preauthenticated: false,
    encrypted: undefined,
    inLogout: false,
  };
  /** Negotiated extensions; the handle shares this set. */
  readonly negotiated = new Set<string>();
  readonly #labels: { transport: "websocket" | "tcp" };
  readonly #timers = new ConnectionTimers((phase) => this.#onTimeout(phase));
  #state: ConnectionState = "new";
  #handle: ConnectionHandle | undefined;
  #attached = false;
  /** Events the engine sent while authentication was finishing; flushed after the response. */
  #held: Array<string | OutboundFrame> | undefined;
  #closeReason = "peer_closed";
  /** The socket is corked until this turn's write batch flushes. */
  #corked = false;
  readonly #writer: BatchedWriter = {
    corkWrites: () => this.link.cork?.(),
    flushWrites: () => {
      this.#corked = false;
      this.link.uncork?.();
      this.#checkOutbound();
    },
  };
  readonly #requests: RequestQueue;
  #resolveClosed!: () => void;

  constructor(link: ConnectionLink, ctx: ConnectionContext) {
    this.link = link;
    this.ctx = ctx;
    this.#labels = { transport: link.kind };
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.#requests = new RequestQueue({
      maxPending: ctx.options.maxPendingRequests,
      handle: (text) => handleFrame(this, text),
      onError: (error) => this.#unexpected(error),
      onOverflow: (text) => {
        const error = new LairError("rate_limited", {
          message: "Too many requests waiting on this connection",
        });
        this.protocolError(error, peekRequestId(text));
      },
      isOpen: () => this.#isOpen(),
    });
    link.transport.on("message", this.#onMessage);
    link.transport.on("error", this.#onTransportError);
    link.transport.on("close", this.#onTransportClose);
  }

  /** This connection's logger, made on first use: most connections never log, and a child logger costs memory. */
  get log(): Logger {
    this.#log ??= this.ctx.logger.child({ connection: this.id, transport: this.link.kind });
    return this.#log;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get handle(): ConnectionHandle | undefined {
    return this.#handle;
  }

  get principal(): Principal | undefined {
    return this.#handle?.principal;
  }

  /** Send `server_hello`, arm the deadlines, then read frames. */
  start(options: StartOptions = {}): void {
    if (this.#state !== "new") throw new Error("connection already started");
    const { metrics, options: o } = this.ctx;
    this.#state = "handshake";
    metrics.opened.inc(this.#labels);
    metrics.connections.inc(this.#labels);
    this.#timers.startHandshake(o.handshakeTimeoutMs);
    this.#timers.startIdle(o.idleTimeoutMs);
    const tcp = this.link.kind === "tcp";
    this.write(
      JSON.stringify({
        type: "server_hello",
        version: PROTOCOL_VERSION,
        server_name: o.serverName,
        features: serverFeatures(this),
        encryption_required: tcp && o.tcpEncryptionRequired,
        ...(tcp && this.ctx.serverKey !== undefined ? { server_key: this.ctx.serverKey } : {}),
      }),
    );
    const { preauth } = options;
    if (preauth) this.#requests.run(() => preauthenticate(this, preauth));
  }

  /** Close with a reason the peer is told first (an `error` frame), e.g. `server_shutting_down`. */
  close(code: string, message: string): void {
    this.shutdown(code, message, true);
  }

  // ---- used by the request handlers -------------------------------------------------------

  enterKeyExchange(): void {
    this.#state = "key_exchange";
  }

  enterAuth(): void {
    this.#state = "auth";
    this.#timers.startAuth(this.ctx.options.authTimeoutMs);
  }

  callContext(principal: Principal | null): CallContext {
    return {
      principal,
      transport: this.link.kind,
      clientAddress: this.link.address,
      userAgent: this.link.userAgent,
      features: this.negotiated,
      ...(this.#handle === undefined ? {} : { connection: this.#handle }),
    };
  }

  /**
   * Attach to the engine as `principal`, then send `response()` and any events that arrived
   * meanwhile (so the response is always first). Throws what `attachConnection` throws.
   */
  async becomeAuthenticated(principal: Principal, response: () => string): Promise<void> {
    if (!this.#isOpen()) return;
    const handle: ConnectionHandle = {
      id: this.id,
      principal,
      transport: this.link.kind,
      features: this.negotiated,
      send: (json) => this.#deliver(json),
      sendFrame: (frame) => this.#deliver(frame),
      close: (code, message) => {
        if (!this.session.inLogout) this.shutdown(code, message, true);
      },
    };
    this.#held = [];
    try {
      await this.ctx.engine.attachConnection(handle);
    } catch (error) {
      this.#held = undefined;
      throw error;
    }
    this.#handle = handle;
    this.#attached = true;
    if (!this.#isOpen()) {
      this.#detach();
      return;
    }
    this.#state = "ready";
    this.#timers.authenticated();
    this.write(response());
    const held = this.#held;
    this.#held = undefined;
    for (const item of held) this.write(item);
  }

  /** Send a server message: JSON text, or a frame other connections share (sent as it is encoded). */
  write(data: string | OutboundFrame): void {
    const { transport } = this.link;
    if (transport.readyState !== "open") return;
    if (!this.#corked) this.#joinBatch();
    try {
      if (typeof data === "string") transport.send(data);
      else if (this.link.sendFrame !== undefined) this.link.sendFrame(data);
      else transport.send(data.text);
    } catch (error) {
      const lair = toLairError(error);
      const length = typeof data === "string" ? data.length : data.text.length;
      this.log.warn({ err: lair, bytes: length }, "frame not sent");
      if (lair.code === "frame_too_large" && transport.readyState === "open") {
        transport.send(
          errorFrame(new LairError("payload_too_large", { message: "Reply exceeds the frame limit" })),
        );
      }
      return;
    }
    this.#sent();
  }

  /** TCP: send `json` in plaintext, then seal every later frame with `cipher`. False when not sent. */
  writeThenEncrypt(json: string, cipher: FrameCipher): boolean {
    try {
      this.link.sendThenSetCipher!(json, cipher);
    } catch (error) {
      cipher.destroy();
      this.log.debug({ err: error }, "key exchange response not sent");
      return false;
    }
    this.#sent();
    return true;
  }

  protocolError(error: LairError, requestId?: string): void {
    this.ctx.metrics.protocolErrors.inc({ ...this.#labels, code: error.code });
    this.write(errorFrame(error, requestId));
  }

  respondFailure(type: string, requestId: string | undefined, error: unknown): void {
    const lair = toLairError(error);
    if (lair.code === "internal_error") this.log.error({ err: error, type }, "request failed");
    this.write(failureResponse(type, requestId, lair));
  }

  /** Start closing: tell the peer (`notify`), detach from the engine, close the transport, drop it after the grace. */
  shutdown(code: string, message: string, notify: boolean): void {
    if (!this.#isOpen()) return;
    this.#state = "closing";
    this.#closeReason = code;
    this.#timers.clearDeadlines();
    const { transport } = this.link;
    if (notify && transport.readyState === "open") {
      try {
        transport.send(JSON.stringify({ type: "error", code, message }));
      } catch {
        // Going away either way.
      }
    }
    this.#detach();
    try {
      transport.close(closeCodeFor(code), code.slice(0, 120));
    } catch (error) {
      this.log.debug({ err: error }, "transport close failed");
    }
    this.#timers.startGrace(this.ctx.options.closeGraceMs, () => this.link.terminate());
  }

  // ---- inbound ----------------------------------------------------------------------------

  #onMessage = (text: string): void => {
    if (!this.#isOpen()) return;
    this.ctx.metrics.framesReceived[this.link.kind]++;
    this.#timers.touch();
    this.#requests.push(text);
  };

  #unexpected(error: unknown): void {
    this.log.error({ err: error }, "unexpected error handling a frame");
    this.protocolError(new LairError("internal_error"));
  }

  // ---- outbound ---------------------------------------------------------------------------

  #deliver(data: string | OutboundFrame): void {
    if (this.#held !== undefined) this.#held.push(data);
    else this.write(data);
  }

  #sent(): void {
    this.ctx.metrics.framesSent[this.link.kind]++;
    // While corked, the turn's flush checks the queue once the bytes have been handed on.
    if (!this.#corked) this.#checkOutbound();
  }

  /** Cork the socket for the rest of this turn (write coalescing), when the server does that. */
  #joinBatch(): void {
    const batch = this.ctx.writeBatch;
    if (batch === undefined || this.link.cork === undefined) return;
    this.#corked = true;
    batch.join(this.#writer);
  }

  /** The outbound cap (docs/protocol.md#slow-consumers): past it the peer is not keeping up. */
  #checkOutbound(): void {
    if (this.#isOpen() && this.link.transport.bufferedAmount > this.ctx.options.maxOutboundBytes) {
      this.shutdown("slow_consumer", "Connection could not keep up with its messages", true);
    }
  }

  // ---- closing ----------------------------------------------------------------------------

  #isOpen(): boolean {
    return this.#state !== "closing" && this.#state !== "closed";
  }

  #onTimeout(phase: TimeoutPhase): void {
    this.shutdown("timeout", `Connection timed out (${phase})`, true);
  }

  #detach(): void {
    if (!this.#attached || this.#handle === undefined) return;
    this.#attached = false;
    try {
      this.ctx.engine.detachConnection(this.#handle);
    } catch (error) {
      this.log.error({ err: error }, "detachConnection failed");
    }
  }

  #onTransportError = (error: LairError): void => {
    if (error.details?.reason === "binary_frame" && this.#isOpen()) {
      this.#timers.touch();
      this.protocolError(error);
      return;
    }
    if (this.#isOpen()) this.#closeReason = error.code;
    this.log.debug({ err: error }, "transport error");
  };

  #onTransportClose = (): void => {
    if (this.#state === "closed") return;
    const started = this.#state !== "new";
    this.#state = "closed";
    this.#timers.clearAll();
    this.#requests.clear();
    this.#held = undefined;
    this.#detach();
    if (started) {
      this.ctx.metrics.connections.dec(this.#labels);
      this.ctx.metrics.closed.inc({ ...this.#labels, reason: this.#closeReason });
    }
    this.ctx.onClosed(this);
    this.#resolveClosed();
  };
}

/** The `request_id` of a frame refused unread, when it has a usable one. */
function peekRequestId(text: string): string | undefined {
  const parsed = parseJson(text);
  if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return undefined;
  const id = (parsed.value as Record<string, unknown>).request_id;
  return typeof id === "string" && id.length <= 128 ? id : undefined;
}
