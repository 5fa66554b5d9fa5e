#!/usr/bin/env node
/**
 * `lair-chat-tui`: Lair Chat in the terminal. Parses the command line, builds a client for the
 * chosen transport with a file-backed outbox, and hands the terminal to the app; whatever ends
 * the process, the terminal is restored first.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createLairClient, FileOutboxStore } from "@lair-chat/client/node";
import { App } from "./app.ts";
import { HELP_TEXT, parseCliOptions } from "./cli-options.ts";
import { guardExit } from "./exit-guard.ts";
import { Terminal } from "./terminal.ts";

const parsed = parseCliOptions(process.argv.slice(2), process.env);
if (parsed.kind === "help") {
  process.stdout.write(HELP_TEXT);
  process.exit(0);
}
if (parsed.kind === "error") {
  process.stderr.write(`lair-chat-tui: ${parsed.message}\n(see --help)\n`);
  process.exit(2);
}
const { options } = parsed;

await mkdir(options.dataDir, { recursive: true });
const client = createLairClient({
  baseUrl: options.url,
  clientName: "lair-chat-tui",
  outboxStore: new FileOutboxStore({ path: join(options.dataDir, "outbox.json") }),
  ...(options.transport === "tcp"
    ? {
        transport: "tcp" as const,
        tcp: {
          host: options.tcpHost,
          port: options.tcpPort,
          encryption: options.encryption,
          ...(options.serverKey === undefined ? {} : { serverKey: options.serverKey }),
        },
      }
    : { transport: "websocket" as const }),
});

const terminal = new Terminal({ input: process.stdin, output: process.stdout });
guardExit({ restore: () => terminal.restore() });
const via =
  options.transport === "tcp"
    ? `tcp ${options.tcpHost}:${options.tcpPort}${options.encryption === "none" ? "" : " (encrypted)"}`
    : "websocket";
const app = new App({
  client,
  terminal,
  via,
  server: `${options.url} · ${via}`,
  ...(options.user === undefined ? {} : { user: options.user }),
  exit: (code) => process.exit(code),
});
try {
  app.start();
} catch (error) {
  terminal.restore();
  process.stderr.write(`lair-chat-tui: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
