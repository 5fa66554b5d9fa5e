/** Driver for the raw `ws` broadcast server (servers/raw-ws-server.ts). */
import WebSocket from "ws";
import { type ClientSpec, type Driver, type DriverClient, payloadIn, withTimeout } from "./driver.ts";

export function rawWsDriver(port: number): Driver {
  return {
    name: "raw ws",
    async connect(spec: ClientSpec): Promise<DriverClient> {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { perMessageDeflate: false });
      const joined = new Promise<void>((resolve, reject) => {
        ws.once("error", reject);
        ws.once("open", () => {
          if (spec.roomId === null) resolve();
          else ws.send(JSON.stringify({ t: "join", room: spec.roomId }));
        });
        ws.on("message", (data) => {
          const text = data.toString();
          if (text === '{"t":"joined"}') return resolve();
          const payload = payloadIn(text);
          if (payload) spec.onPayload(payload);
        });
      });
      await withTimeout(joined, 30_000, `raw ws client ${spec.index}`);
      ws.on("error", () => spec.onSendError("socket_error"));
      const prefix = `{"t":"msg","room":${JSON.stringify(spec.roomId)},"p":"`;
      return {
        send: (payload) => ws.send(`${prefix}${payload}"}`),
        close: () => ws.terminate(),
      };
    },
  };
}
