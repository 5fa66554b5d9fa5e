/**
 * Runs the example: `npm start` in examples/express-embed, then open http://localhost:3000.
 * Chat data goes to $DATA_DIR/express-embed.db (SQLite), the app's own accounts to
 * $DATA_DIR/accounts.json (DATA_DIR defaults to ./data).
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createSqliteStorage } from "@lair-chat/storage-sqlite";
import { createApp } from "./app.ts";

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? "./data";
const storage = createSqliteStorage({ filename: join(dataDir, "express-embed.db") });
// Random keys per run only log everyone out on restart: chat users have no Lair password.
const notes = createApp({
  storage,
  jwtSecret: process.env.LAIR_JWT_SECRET ?? randomBytes(32).toString("hex"),
  sessionSecret: process.env.SESSION_SECRET ?? randomBytes(32).toString("hex"),
  accountsFile: join(dataDir, "accounts.json"),
});

const url = await notes.listen(port, process.env.HOST ?? "127.0.0.1");
console.log(`My Notes with Lair Chat on ${url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await notes.close();
  await storage.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
