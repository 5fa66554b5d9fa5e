/**
 * The ceiling: a minimal broadcast server on `ws`. Clients send `{"t":"join","room"}` (answered
 * `{"t":"joined"}`) and `{"t":"msg","room",…}`; a message is parsed once and its received bytes
 * are sent unchanged, as one text frame, to every member of the room (the sender included).
 */
import { createServer } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";
import { serveIpc } from "./child-ipc.ts";

const rooms = new Map<string, Set<WebSocket>>();
const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: http });

wss.on("connection", (ws) => {
  const joined = new Set<string>();
  ws.on("message", (data, isBinary) => {
    if (isBinary) return;
    let m: { t?: unknown; room?: unknown };
    try {
      m = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (typeof m.room !== "string") return;
    if (m.t === "join") {
      let members = rooms.get(m.room);
      if (!members) {
        members = new Set();
        rooms.set(m.room, members);
      }
      members.add(ws);
      joined.add(m.room);
      ws.send('{"t":"joined"}');
    } else if (m.t === "msg") {
      const members = rooms.get(m.room);
      if (members) for (const peer of members) peer.send(data, { binary: false });
    }
  });
  ws.on("close", () => {
    for (const room of joined) rooms.get(room)?.delete(ws);
  });
});

http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  serveIpc(
    { ws: address.port },
    {
      async setup(request) {
        return {
          tokens: request.users ? new Array<string>(request.users).fill("") : [],
          roomIds: request.rooms.map((_, i) => `room-${i}`),
        };
      },
      async stop() {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      },
    },
  );
});
