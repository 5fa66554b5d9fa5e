// `npm start`: builds the reference server, the packages it uses and the web chat (turbo
// caches what is already built), then runs `lair-chat-server` with any extra arguments.
// Flags and LAIR_* variables: `npm start -- --help`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const filters = ["--filter=@lair-chat/reference-server..."];
if (existsSync("examples/web-chat/package.json")) filters.push("--filter=@lair-chat/web-chat...");
const build = spawnSync("npx", ["turbo", "run", "build", ...filters, "--output-logs=errors-only"], {
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
});
if (build.status !== 0) process.exit(build.status ?? 1);

const server = spawn(process.execPath, ["examples/reference-server/dist/main.js", ...process.argv.slice(2)], {
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
