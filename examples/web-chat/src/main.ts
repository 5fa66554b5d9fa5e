/**
 * Lair Chat in the browser: a plain TypeScript app on `@lair-chat/client`. It talks to the
 * server that served it (same origin: HTTP API at /api/v1, WebSocket at /ws), keeps the token in
 * localStorage so a reload stays signed in, and queues unsent messages in IndexedDB so a reload
 * does not lose them.
 */
import "./styles.css";
import {
  createLairClient,
  IndexedDbOutboxStore,
  LocalStorageOutboxStore,
  LocalStorageTokenStore,
} from "@lair-chat/client";
import { App } from "./app.ts";

const tokens = new LocalStorageTokenStore({ key: "lair-chat-web:token" });
const client = createLairClient({
  baseUrl: location.origin,
  transport: "websocket",
  tokenStore: tokens,
  outboxStore:
    typeof indexedDB === "undefined"
      ? new LocalStorageOutboxStore({ key: "lair-chat-web:outbox" })
      : new IndexedDbOutboxStore({ databaseName: "lair-chat-web" }),
  clientName: "lair-chat-web",
});

const root = document.getElementById("app");
if (!root) throw new Error("index.html must have an element with id 'app'");
void new App(root, client, tokens).start();
