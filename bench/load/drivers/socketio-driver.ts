/**
 * Driver for Socket.IO speaking Engine.IO v4 / Socket.IO v5 directly over a `ws` socket:
 * `0{…}` open → `40` connect → `421["join",room]` → ack `431[]`; events are `42[…]`; the
 * server's ping `2` is answered `3`. Same cost model as the other drivers (no client library).
 */
import WebSocket from "ws";
import { type ClientSpec, type Driver, type DriverClient, payloadIn, withTimeout } from "./driver.ts";

export function socketIoDriver(port: number): Driver {
  return {
    name: "Socket.IO",
    async connect(spec: ClientSpec): Promise<DriverClient> {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
        perMessageDeflate: false,
      });
      const ready = new Promise<void>((resolve, reject) => {
        ws.once("error", reject);
        ws.on("message", (data) => {
          const text = data.toString();
          if (text.startsWith("42")) {
            const payload = payloadIn(text);
            if (payload) spec.onPayload(payload);
          } else if (text === "2") ws.send("3");
          else if (text.startsWith("0")) ws.send("40");
          else if (text.startsWith("40")) {
            if (spec.roomId === null) resolve();
            else ws.send(`421${JSON.stringify(["join", spec.roomId])}`);
          } else if (text.startsWith("431")) resolve();
          else if (text.startsWith("44")) reject(new Error(`socket.io connect error ${text}`));
        });
      });
      await withTimeout(ready, 30_000, `socket.io client ${spec.index}`);
      ws.on("error", () => spec.onSendError("socket_error"));
      const prefix = `42["msg",${JSON.stringify(spec.roomId)},"`;
      return {
        send: (payload) => ws.send(`${prefix}${payload}"]`),
        close: () => ws.terminate(),
      };
    },
  };
}
