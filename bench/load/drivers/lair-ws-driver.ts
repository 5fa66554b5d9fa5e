/** Driver for our server over WebSocket (`/ws`, JSON text frames). */
import WebSocket from "ws";
import { type ClientSpec, type Driver, type DriverClient, withTimeout } from "./driver.ts";
import { LairSession } from "./lair-session.ts";

export function lairWsDriver(port: number): Driver {
  return {
    name: "Lair (WS)",
    async connect(spec: ClientSpec): Promise<DriverClient> {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { perMessageDeflate: false });
      const session = new LairSession(spec, (text) => ws.send(text));
      ws.on("message", (data) => session.receive(data.toString()));
      ws.once("error", (e) => session.fail(e));
      ws.once("close", () => session.fail(new Error("closed")));
      await withTimeout(session.ready, 60_000, `lair ws client ${spec.index}`);
      ws.on("error", () => spec.onSendError("socket_error"));
      return { send: (payload) => session.send(payload), close: () => ws.terminate() };
    },
  };
}
