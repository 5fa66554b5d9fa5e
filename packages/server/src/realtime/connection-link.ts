/**
 * What a real-time connection needs from the endpoint that accepted it: the protocol
 * Transport, plus the few things a Transport does not offer (dropping a stuck socket, the TCP
 * cipher switch, who is on the other end).
 */
import type { FrameCipher, Transport } from "@lair-chat/protocol";
import type { OutboundFrame } from "../engine/outbound-frame.ts";

export interface ConnectionLink {
  readonly kind: "websocket" | "tcp";
  readonly transport: Transport;
  /** Client address after `trustProxy` resolution. */
  readonly address: string;
  readonly userAgent: string | null;
  /** TCP only: send `data` in the current mode, then seal everything after it with `cipher`. */
  sendThenSetCipher?(data: string, cipher: FrameCipher): void;
  /**
   * Send a frame shared with other connections without encoding it again (its bytes as a
   * WebSocket text frame, its prebuilt TCP frame unless a cipher seals this connection).
   * Throws like `transport.send`. Without it the connection sends `frame.text`.
   */
  sendFrame?(frame: OutboundFrame): void;
  /** Drop the socket now, without a closing handshake (the peer stopped reading or answering). */
  terminate(): void;
  /**
   * Hold writes in the socket until `uncork` (Node's `socket.cork()`; counted, so a transport's
   * own cork/uncork pairs inside stay balanced). Without it every frame is written at once.
   */
  cork?(): void;
  uncork?(): void;
}

/** Close codes (RFC 6455 §7.4.1; 4000–4999 are ours) sent with a WebSocket close for each reason. */
export function closeCodeFor(reason: string): number {
  switch (reason) {
    case "logout":
      return 1000;
    case "server_shutting_down":
      return 1001;
    case "version_mismatch":
      return 1002;
    case "connection_limit":
    case "slow_consumer":
      return 1013;
    case "internal_error":
      return 1011;
    default:
      return 1008;
  }
}
