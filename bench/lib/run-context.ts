/**
 * What every bench entry point does around its measurements: the command line it records next
 * to its tables, and the build that keeps the server children's `dist/` in step with the sources.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** `BENCH_…=… npm run <script> -- <args>`, as the run was started. */
export function commandLine(script: string): string {
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BENCH_"))
    .map(([k, v]) => `${k}=${v} `)
    .join("");
  const argv = process.argv.slice(2).filter((a) => a !== "--");
  return `${env}npm run ${script}${argv.length ? ` -- ${argv.join(" ")}` : ""}`;
}

/**
 * Server children import the built packages (bench/load/server-process.ts), so a stale `dist/`
 * would measure code that is no longer there: run the turbo build (cached when nothing
 * changed). Skipped with BENCH_SERVER_SOURCE=1, where the children run the sources.
 */
export function buildPackagesForServers(label: string): void {
  if (process.env.BENCH_SERVER_SOURCE === "1") return;
  console.log(`[${label}] building the packages (turbo; cached when nothing changed)`);
  execFileSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    stdio: ["ignore", "ignore", "inherit"],
  });
}
