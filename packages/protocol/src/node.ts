/**
 * @lair-chat/protocol/node — the Node-only part of the protocol package: the TCP transport
 * (node:net). Kept out of the main entry so that a browser bundle never pulls node:net.
 */
export {
  type ConnectTcpOptions,
  connectTcp,
  TcpTransport,
  type TcpTransportOptions,
} from "./transport/tcp-transport.ts";
