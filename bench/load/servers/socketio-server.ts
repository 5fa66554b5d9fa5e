/**
 * Socket.IO rooms, websocket transport only, as its documentation shows them: `join` adds the
 * socket to a room (acknowledged), `msg` is broadcast with `io.to(room).emit` (the sender
 * included), which encodes the packet once for the whole room.
 */
import { createServer } from "node:http";
import { Server } from "socket.io";
import { serveIpc } from "./child-ipc.ts";

const http = createServer();
const io = new Server(http, { transports: ["websocket"], serveClient: false });

io.on("connection", (socket) => {
  socket.on("join", (room: unknown, ack?: unknown) => {
    if (typeof room !== "string") return;
    void socket.join(room);
    if (typeof ack === "function") ack();
  });
  socket.on("msg", (room: unknown, payload: unknown) => {
    if (typeof room === "string") io.to(room).emit("msg", payload);
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
          tokens: new Array<string>(request.users).fill(""),
          roomIds: request.rooms.map((_, i) => `room-${i}`),
        };
      },
      async stop() {
        io.disconnectSockets(true);
        await new Promise<void>((resolve) => io.close(() => resolve()));
      },
    },
  );
});
