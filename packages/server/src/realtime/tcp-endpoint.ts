/**
 * The TCP endpoint (docs/protocol.md#tcp; Lair TCP.md): length-prefixed JSON frames of at most
 * 1,048,576 bytes on a port of its own, with the optional key exchange. Framing, the frame cap
 * and the cipher switch are the protocol package's TcpTransport.
 */
import { createServer, type Server, type Socket } from "node:net";
import { encodeFrame, LairError, toLairError } from "@lair-chat/protocol";
import { TcpTransport } from "@lair-chat/protocol/node";
import type { ConnectionContext } from "./connection-context.ts";
import type { ConnectionSlot, ConnectionSlots } from "./connection-slots.ts";
import { RealtimeConnection } from "./realtime-connection.ts";

export interface TcpEndpointDeps {
  context: Omit<ConnectionContext, "onClosed">;
  slots: ConnectionSlots;
  track(connection: RealtimeConnection): void;
  untrack(connection: RealtimeConnection): void;
}

export interface ListenTcpOptions {
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Interface to bind. @default "0.0.0.0" (Node's default: every interface) */
  host?: string;
}

export class TcpEndpoint {
  readonly #deps: TcpEndpointDeps;
  readonly #servers = new Set<Server>();
  #closing = false;

  constructor(deps: TcpEndpointDeps) {
    this.#deps = deps;
  }

  /** Start one listener; resolves with the bound address. */
  listen(options: ListenTcpOptions): Promise<{ port: number; host: string }> {
    if (options === null || typeof options !== "object") throw new TypeError("options must be an object");
    const { port, host } = options;
    if (!Number.isInteger(port) || port < 0 || port > 65_535) {
      throw new RangeError("options.port must be an integer between 0 and 65535");
    }
    if (host !== undefined && typeof host !== "string") throw new TypeError("options.host must be a string");
    if (this.#closing) return Promise.reject(new LairError("server_shutting_down"));
    const server = createServer({ noDelay: true }, (socket) => this.#accept(socket));
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        server.on("error", (error) => this.#deps.context.logger.error({ err: error }, "tcp listener error"));
        this.#servers.add(server);
        const address = server.address();
        if (address === null || typeof address === "string") {
          resolve({ port, host: host ?? "0.0.0.0" });
          return;
        }
        resolve({ port: address.port, host: address.address });
      });
    });
  }

  /** Stop listening (live connections are closed by the endpoints' `close`). */
  async stop(): Promise<void> {
    this.#closing = true;
    const servers = [...this.#servers];
    this.#servers.clear();
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }

  #accept(socket: Socket): void {
    const { context, slots, track, untrack } = this.#deps;
    const address = socket.remoteAddress ?? "unknown";
    let slot: ConnectionSlot;
    try {
      if (this.#closing) throw new LairError("server_shutting_down");
      slot = slots.take(address);
    } catch (error) {
      const lair = toLairError(error);
      context.metrics.refused.inc({ transport: "tcp", reason: lair.code });
      refuse(socket, lair);
      return;
    }
    socket.once("close", () => slot.release());
    let transport: TcpTransport;
    try {
      transport = new TcpTransport(socket);
    } catch (error) {
      context.logger.debug({ err: error }, "tcp socket gone before it could be wrapped");
      socket.destroy();
      return;
    }
    const connection = new RealtimeConnection(
      {
        kind: "tcp",
        transport,
        address,
        userAgent: null,
        sendThenSetCipher: (data, cipher) => transport.sendThenSetCipher(data, cipher),
        // Plaintext connections write the shared prebuilt frame; a sealed one seals its own copy.
        sendFrame: (frame) => {
          if (transport.cipher === undefined) socket.write(frame.tcpFrame);
          else transport.send(frame.text);
        },
        terminate: () => socket.destroy(),
        cork: () => socket.cork(),
        uncork: () => socket.uncork(),
      },
      { ...context, onClosed: untrack },
    );
    track(connection);
    connection.start();
  }
}

/** Tell a refused client why in one plaintext frame, then hang up. */
function refuse(socket: Socket, error: LairError): void {
  socket.on("error", () => socket.destroy());
  const wire = error.toWire();
  socket.end(encodeFrame(JSON.stringify({ type: "error", code: wire.code, message: wire.message })));
  setTimeout(() => socket.destroy(), 1000).unref();
}
