/**
 * Test support (not published): a node:net server on an ephemeral port that hands out raw
 * server-side sockets, a raw client socket, and an event log of a Transport. Everything opened
 * is registered in `cleanups` for the caller's afterEach.
 */
import { createServer, connect as netConnect, type Server, type Socket } from "node:net";
import { TcpTransport } from "../src/transport/tcp-transport.ts";
import type { Transport } from "../src/transport/transport.ts";

export type Cleanups = (() => void | Promise<void>)[];

export async function startTcpServer(cleanups: Cleanups) {
  const server: Server = createServer();
  const ready: Socket[] = [];
  const waiting: ((s: Socket) => void)[] = [];
  const all: Socket[] = [];
  server.on("connection", (socket) => {
    all.push(socket);
    const waiter = waiting.shift();
    if (waiter) waiter(socket);
    else ready.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    for (const s of all) s.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as { port: number };
  const accept = () =>
    new Promise<Socket>((resolve) => {
      const socket = ready.shift();
      if (socket) resolve(socket);
      else waiting.push(resolve);
    });
  return { port, accept, acceptTransport: async () => new TcpTransport(await accept()) };
}

export async function rawTcpClient(cleanups: Cleanups, port: number): Promise<Socket> {
  const socket = netConnect({ host: "127.0.0.1", port });
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.on("error", () => {});
  cleanups.push(() => void socket.destroy());
  return socket;
}

/** Records a transport's messages, errors and closes as strings. */
export function transportEvents(t: Transport): string[] {
  const log: string[] = [];
  t.on("message", (m) => log.push(`message:${m}`));
  t.on("error", (e) => log.push(`error:${e.code}`));
  t.on("close", (c) => log.push(`close:${c.code}:${c.wasClean}`));
  return log;
}
