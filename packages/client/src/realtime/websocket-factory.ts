/** The WebSocket TransportFactory: `baseUrl` with a ws(s) scheme and `/ws`. */
import { connectWebSocket, type WebSocketConstructor } from "@lair-chat/protocol";
import type { TransportFactory } from "./transport-factory.ts";

/** `http://host/x` → `ws://host/x/ws`, `https:` → `wss:`. */
export function webSocketUrlFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/ws`;
  url.search = "";
  url.hash = "";
  return url.toString();
}

export function webSocketFactory(url: string, WebSocket?: WebSocketConstructor): TransportFactory {
  return {
    kind: "websocket",
    // The connection's own handshake timeout covers the socket too.
    open: () => ({
      transport: connectWebSocket(url, { connectTimeoutMs: 0, ...(WebSocket ? { WebSocket } : {}) }),
    }),
  };
}
