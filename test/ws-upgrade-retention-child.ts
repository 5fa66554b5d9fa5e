/**
 * Child of ws-upgrade-retention.test.ts (run with --expose-gc): opens WebSocket connections to a
 * server kit and reports whether their upgrade requests were collected while the connections
 * stay open. Prints one JSON line.
 */
import { createServer, type IncomingMessage } from "node:http";
import { createLairServer } from "@lair-chat/server";
import { createMemoryStorage } from "@lair-chat/storage-memory";
import WebSocket from "ws";

const COUNT = 20;
const lair = createLairServer({
  storage: createMemoryStorage(),
  jwtSecret: "retention-test-secret-0123456789abcdef",
});
await lair.ready();
const refs: Array<WeakRef<IncomingMessage>> = [];
const http = createServer((_req, res) => res.writeHead(404).end());
http.on("upgrade", (req: IncomingMessage) => refs.push(new WeakRef(req)));
lair.attach(http);
await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
const address = http.address();
if (address === null || typeof address === "string") throw new Error("no port");
const clients: WebSocket[] = [];
for (let i = 0; i < COUNT; i++) {
  const ws = new WebSocket(`ws://127.0.0.1:${address.port}/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once("message", () => resolve()); // server_hello: the server side is set up
    ws.once("error", reject);
  });
  clients.push(ws);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
for (let i = 0; i < 5; i++) {
  gc();
  await new Promise((r) => setTimeout(r, 20));
}
const retained = refs.filter((r) => r.deref() !== undefined).length;
const open = clients.filter((c) => c.readyState === WebSocket.OPEN).length;
console.log(JSON.stringify({ upgrades: refs.length, retained, open }));
for (const c of clients) c.terminate();
await lair.close();
http.close();
process.exit(0);
