#!/usr/bin/env node
/**
 * `lair-chat-server`: the reference server's command line. Reads flags and LAIR_* variables,
 * starts the server, and shuts down gracefully on SIGTERM/SIGINT (a second signal forces exit).
 */
import { parseConfig } from "./config.ts";
import { startReferenceServer } from "./reference-server.ts";
import { helpText } from "./settings.ts";

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseConfig>;
  try {
    parsed = parseConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\nRun with --help to see every setting.\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(helpText());
    return;
  }
  const server = await startReferenceServer(parsed.config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `lair-chat-server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
