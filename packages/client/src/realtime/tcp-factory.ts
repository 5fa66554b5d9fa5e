/**
 * The TCP TransportFactory (Node only: node:net through `@lair-chat/protocol/node`), with the
 * optional frame encryption of docs/protocol.md#tcp-encryption: `compat` (Lair's, interoperable
 * with the Rust server, passive-eavesdropper protection only) or `hardened` (ours: pinned server
 * key, per-direction keys, replay protection).
 */
import { compatClientHandshake, createHardenedClientHandshake, LairError } from "@lair-chat/protocol";
import { connectTcp } from "@lair-chat/protocol/node";
import type { KeyExchange, ServerHello, TransportFactory } from "./transport-factory.ts";

export interface TcpTransportOptions {
  host: string;
  port: number;
  /**
   * Frame encryption. `hardened` needs `serverKey`; `none` fails against a server that requires
   * encryption. @default "none"
   */
  encryption?: "none" | "compat" | "hardened";
  /** The server's static X25519 public key (padded base64), pinned for `hardened`. */
  serverKey?: string;
  /** Largest frame sent or accepted. @default 1048576 */
  maxFrameBytes?: number;
}

export function tcpFactory(options: TcpTransportOptions): TransportFactory {
  const { host, port } = options;
  if (typeof host !== "string" || host === "") throw new TypeError("tcp.host must be a non-empty string");
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new RangeError("tcp.port must be 1–65535");
  const encryption = options.encryption ?? "none";
  if (!["none", "compat", "hardened"].includes(encryption)) {
    throw new TypeError("tcp.encryption must be 'none', 'compat' or 'hardened'");
  }
  if (encryption === "hardened" && typeof options.serverKey !== "string") {
    throw new TypeError("tcp.serverKey (the pinned server key) is required for hardened encryption");
  }
  const extraFeatures =
    encryption === "hardened" ? ["hardened", "encryption"] : encryption === "compat" ? ["encryption"] : [];
  return {
    kind: "tcp",
    extraFeatures,
    open() {
      const transport = connectTcp({
        host,
        port,
        connectTimeoutMs: 0,
        ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
      });
      return {
        transport,
        beginKeyExchange(hello: ServerHello): KeyExchange | undefined {
          if (encryption === "none") return undefined;
          if (encryption === "compat") {
            const handshake = compatClientHandshake();
            return {
              message: { public_key: handshake.publicKey },
              complete: (response) => transport.setCipher(handshake.finish(response.public_key)),
            };
          }
          // Never fall back to weaker encryption than configured.
          if (!hello.features.includes("hardened")) {
            throw new LairError("handshake_failed", { message: "Server does not offer hardened encryption" });
          }
          if (hello.server_key !== undefined && hello.server_key !== options.serverKey) {
            throw new LairError("handshake_failed", { message: "Server key differs from the pinned key" });
          }
          const handshake = createHardenedClientHandshake({ serverStaticPublicKey: options.serverKey! });
          return {
            message: { public_key: handshake.publicKey, mode: "hardened" },
            complete: (response) => {
              if (response.mode !== "hardened" || response.confirm === undefined) {
                throw new LairError("handshake_failed", {
                  message: "Server answered without hardened confirmation",
                });
              }
              transport.setCipher(handshake.finish(response.public_key, response.confirm));
            },
          };
        },
      };
    },
  };
}
