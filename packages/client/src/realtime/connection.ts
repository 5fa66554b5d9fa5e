/**
 * One real-time connection from socket to authenticated session (docs/protocol.md#handshake):
 * wait for `server_hello`, answer `client_hello` with the features we want, run the TCP key
 * exchange if one is set up, `authenticate` with the token. Afterwards it correlates requests
 * with responses, pings to detect a dead peer, and hands events to its owner.
 */
import {
  type ClientMessageType,
  type Feature,
  fromWireError,
  isCompatibleVersion,
  isEventType,
  LairError,
  negotiateFeatures,
  PROTOCOL_VERSION,
  type ServerEvent,
  type Transport,
  type TransportCloseInfo,
  type User,
} from "@lair-chat/protocol";
import { EventEmitter } from "eventemitter3";
import { createId } from "../ids.ts";
import type { ConnectionEvents, ConnectionOptions, ResponseFor } from "./connection-options.ts";
import { Heartbeat } from "./heartbeat.ts";
import { RequestTracker } from "./request-tracker.ts";
import type { KeyExchange, ServerHello } from "./transport-factory.ts";

export type { ConnectionEvents, ConnectionOptions, ResponseFor } from "./connection-options.ts";

type Phase = "hello" | "key" | "auth" | "ready" | "closed";

export class RealtimeConnection extends EventEmitter<ConnectionEvents> {
  readonly transport: Transport;
  #phase: Phase = "hello";
  #hello: ServerHello | undefined;
  #features: Feature[] = [];
  #user: User | undefined;
  #keyExchange: KeyExchange | undefined;
  readonly #tracker = new RequestTracker();
  readonly #heartbeat: Heartbeat;
  readonly #options: ConnectionOptions;
  #settle: { resolve: () => void; reject: (error: LairError) => void } | undefined;
  /** Why the transport went away, when it said. */
  #lastTransportError: LairError | undefined;

  private constructor(options: ConnectionOptions) {
    super();
    this.#options = options;
    this.transport = options.opened.transport;
    this.#heartbeat = new Heartbeat({
      interval: options.heartbeatInterval,
      timeout: options.heartbeatTimeout,
      // A transport that is going away reports its close later; until then there is no one to ping.
      ping: () => {
        if (this.transport.readyState === "open") this.#sendRaw({ type: "ping" });
      },
      onDead: () => {
        options.logger.warn({}, "lair-chat: no traffic from the server; dropping the connection");
        this.close(4000, "heartbeat timeout");
      },
    });
  }

  /** Open, handshake and authenticate; rejects (and closes) on any failure or after `connectTimeout`. */
  static async establish(options: ConnectionOptions): Promise<RealtimeConnection> {
    const connection = new RealtimeConnection(options);
    await connection.#start();
    return connection;
  }

  /** Extensions in force on this connection. */
  get features(): readonly Feature[] {
    return this.#features;
  }

  get serverHello(): ServerHello | undefined {
    return this.#hello;
  }

  /** The user the server authenticated. */
  get user(): User | undefined {
    return this.#user;
  }

  get isOpen(): boolean {
    return this.#phase === "ready";
  }

  /** Send a request and wait for its `<type>_response`; rejects with the server's LairError. */
  request<T extends ClientMessageType>(
    type: T,
    payload: Record<string, unknown> = {},
    timeout = this.#options.requestTimeout,
  ): Promise<ResponseFor<T>> {
    if (this.#phase !== "ready" && !(type === "authenticate" && this.#phase === "auth")) {
      return Promise.reject(new LairError("connection_closed", { message: "Not connected" }));
    }
    const requestId = createId();
    const answer = this.#tracker.wait(requestId, type, timeout);
    try {
      this.#sendRaw({ type, request_id: requestId, ...payload });
    } catch (error) {
      this.#tracker.fail(requestId, error instanceof LairError ? error : new LairError("connection_closed"));
    }
    return answer as Promise<ResponseFor<T>>;
  }

  /** Send a message that gets no response (`typing`). */
  notify(type: ClientMessageType, payload: Record<string, unknown>): void {
    if (this.#phase !== "ready") throw new LairError("connection_closed", { message: "Not connected" });
    this.#sendRaw({ type, ...payload });
  }

  close(code = 1000, reason = ""): void {
    this.#heartbeat.stop();
    this.transport.close(code, reason);
  }

  #start(): Promise<void> {
    const { transport } = this;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#fail(
          new LairError("timeout", { message: `Handshake took over ${this.#options.connectTimeout} ms` }),
        );
      }, this.#options.connectTimeout);
      this.#settle = {
        resolve: () => {
          clearTimeout(timer);
          this.#settle = undefined;
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          this.#settle = undefined;
          reject(error);
        },
      };
      transport.on("message", this.#onMessage);
      transport.on("error", this.#onTransportError);
      transport.on("close", this.#onClose);
      if (transport.readyState === "closed") this.#onClose({ code: 1006, reason: "", wasClean: false });
    });
  }

  #sendRaw(message: Record<string, unknown>): void {
    this.transport.send(JSON.stringify(message));
  }

  /** Abort the handshake with `error` (after it, just close). */
  #fail(error: LairError): void {
    const settle = this.#settle;
    settle?.reject(error);
    if (this.transport.readyState !== "closed" && this.transport.readyState !== "closing") {
      this.transport.close(4000, error.code.slice(0, 100));
    }
  }

  #onTransportError = (error: LairError): void => {
    this.#lastTransportError = error;
    this.#options.logger.debug({ code: error.code, err: error }, "lair-chat: transport error");
  };

  #onClose = (info: TransportCloseInfo): void => {
    if (this.#phase === "closed") return;
    this.#phase = "closed";
    this.#heartbeat.stop();
    const error =
      this.#lastTransportError ??
      new LairError("connection_closed", { details: { code: info.code, reason: info.reason } });
    this.#tracker.rejectAll(new LairError("connection_closed", { cause: error }));
    this.#settle?.reject(error);
    this.emit("close", info);
  };

  #onMessage = (data: string): void => {
    this.#heartbeat.received();
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch (cause) {
      this.emit(
        "protocolError",
        new LairError("invalid_message", { message: "Server sent invalid JSON", cause }),
      );
      return;
    }
    const parsed = this.#options.validator.serverMessage(value);
    if (!parsed.ok) {
      if (parsed.requestId !== undefined && this.#tracker.fail(parsed.requestId, parsed.error)) return;
      this.#options.logger.warn(
        { err: parsed.error, type: parsed.type },
        "lair-chat: unreadable server message",
      );
      this.emit("protocolError", parsed.error);
      return;
    }
    const frame = parsed.message;
    if (this.#tracker.settle(frame as Record<string, unknown>)) return;
    switch (frame.type) {
      case "server_hello":
        this.#onHello(frame);
        return;
      case "key_exchange_response":
        this.#onKeyExchangeResponse(frame);
        return;
      case "pong":
        return;
      case "error": {
        const rebuilt = fromWireError({
          code: frame.code,
          message: frame.message,
          ...(frame.details ? { details: frame.details } : {}),
        });
        if (this.#phase !== "ready") this.#fail(rebuilt);
        else this.emit("protocolError", rebuilt);
        return;
      }
      default:
        if (isEventType(frame.type) && this.#phase === "ready") this.emit("event", frame as ServerEvent);
    }
  };

  #onHello(hello: ServerHello): void {
    if (this.#phase !== "hello") return;
    if (!isCompatibleVersion(hello.version)) {
      this.#fail(new LairError("version_mismatch", { details: { server_version: hello.version } }));
      return;
    }
    this.#hello = hello;
    const requested = this.#options.features;
    this.#features = negotiateFeatures(hello.features, requested);
    try {
      this.#sendRaw({
        type: "client_hello",
        version: PROTOCOL_VERSION,
        client_name: this.#options.clientName,
        features: requested,
      });
      this.#keyExchange = this.#options.opened.beginKeyExchange?.(hello);
    } catch (error) {
      this.#fail(error instanceof LairError ? error : new LairError("handshake_failed", { cause: error }));
      return;
    }
    if (this.#keyExchange) {
      this.#phase = "key";
      this.#sendRaw({ type: "key_exchange", ...this.#keyExchange.message });
      return;
    }
    if (hello.encryption_required) {
      this.#fail(
        new LairError("handshake_failed", { message: "Server requires encryption; enable it for TCP" }),
      );
      return;
    }
    void this.#authenticate();
  }

  #onKeyExchangeResponse(response: Parameters<KeyExchange["complete"]>[0]): void {
    if (this.#phase !== "key" || !this.#keyExchange) return;
    try {
      // Synchronous: the next frame we read is already encrypted.
      this.#keyExchange.complete(response);
    } catch (error) {
      this.#fail(error instanceof LairError ? error : new LairError("handshake_failed", { cause: error }));
      return;
    }
    void this.#authenticate();
  }

  async #authenticate(): Promise<void> {
    this.#phase = "auth";
    try {
      const token = await this.#options.getToken();
      if (!token) throw new LairError("unauthorized", { message: "Log in before connecting" });
      const response = await this.request("authenticate", { token });
      if (this.#phase !== "auth") return;
      this.#user = response.user;
      this.#phase = "ready";
      this.#heartbeat.start();
      this.#settle?.resolve();
    } catch (error) {
      this.#fail(error instanceof LairError ? error : new LairError("internal_error", { cause: error }));
    }
  }
}
