/**
 * Driver for our server over TCP: 4-byte big-endian length prefix, JSON payload, no
 * encryption (as a client on a trusted network would run it; docs/protocol.md#framing).
 */
import { connect } from "node:net";
import { type ClientSpec, type Driver, type DriverClient, withTimeout } from "./driver.ts";
import { LairSession } from "./lair-session.ts";

function frame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const out = Buffer.allocUnsafe(4 + length);
  out.writeUInt32BE(length, 0);
  out.write(text, 4);
  return out;
}

export function lairTcpDriver(port: number): Driver {
  return {
    name: "Lair (TCP)",
    async connect(spec: ClientSpec): Promise<DriverClient> {
      const socket = connect({ port, host: "127.0.0.1", noDelay: true });
      const session = new LairSession(spec, (text) => socket.write(frame(text)));
      let buffered: Buffer = Buffer.alloc(0);
      socket.on("data", (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        let offset = 0;
        while (buffered.length - offset >= 4) {
          const length = buffered.readUInt32BE(offset);
          if (buffered.length - offset - 4 < length) break;
          session.receive(buffered.toString("utf8", offset + 4, offset + 4 + length));
          offset += 4 + length;
        }
        buffered = offset === buffered.length ? Buffer.alloc(0) : buffered.subarray(offset);
      });
      socket.once("error", (e) => session.fail(e));
      socket.once("close", () => session.fail(new Error("closed")));
      await withTimeout(session.ready, 60_000, `lair tcp client ${spec.index}`);
      socket.on("error", () => spec.onSendError("socket_error"));
      return { send: (payload) => session.send(payload), close: () => socket.destroy() };
    },
  };
}
