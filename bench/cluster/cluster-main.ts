/**
 * `npm run bench:cluster [-- --quick] [--no-write]`: the cluster bench of issue #7. Prints the
 * table; writes it, the machine description and the command into the "Sizing" section of
 * docs/scaling.md (between generated-block markers) and the raw numbers into
 * bench/data/results/cluster-{quick,full}.json (git-ignored).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "../lib/args.ts";
import { writeDocSection } from "../lib/doc-section.ts";
import { describeMachine, machineMarkdown } from "../lib/machine.ts";
import { runClusterBench } from "./cluster-bench.ts";
import { clusterMarkdown, printClusterReport } from "./cluster-report.ts";

const RESULTS = fileURLToPath(new URL("../data/results/", import.meta.url));
const SCALING_DOC = fileURLToPath(new URL("../../docs/scaling.md", import.meta.url));

function commandLine(): string {
  const env = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BENCH_"))
    .map(([k, v]) => `${k}=${v} `)
    .join("");
  const argv = process.argv.slice(2).filter((a) => a !== "--");
  return `${env}npm run bench:cluster${argv.length ? ` -- ${argv.join(" ")}` : ""}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.only.length > 0 || args.scenarios.length > 0 || args.cpuProf)
    throw new RangeError("bench:cluster takes only --quick and --no-write");
  const machine = describeMachine();
  const command = commandLine();
  const mode = args.quick ? "quick" : "full";
  mkdirSync(RESULTS, { recursive: true });
  console.log(`lair-chat cluster bench (${mode}) on ${machine.nproc} cores, Node ${machine.node}`);
  if (process.env.BENCH_SERVER_SOURCE !== "1") {
    // The node processes import the built packages (bench/load/server-process.ts): a stale
    // dist/ would measure code that is no longer there.
    console.log("[cluster] building the packages (turbo; cached when nothing changed)");
    execFileSync("npx", ["turbo", "run", "build", "--output-logs=errors-only"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const started = performance.now();
  const report = await runClusterBench({ quick: args.quick });
  const seconds = (performance.now() - started) / 1000;
  printClusterReport(report);
  console.log(`\ncluster bench took ${seconds.toFixed(1)} s`);
  writeFileSync(
    `${RESULTS}cluster-${mode}.json`,
    JSON.stringify({ machine, command, seconds, report }, null, 2),
  );
  if (!args.noWrite)
    writeDocSection(
      `cluster-${mode}`,
      `${machineMarkdown(machine, command)}\n- Wall time of the run: ${seconds.toFixed(0)} s\n\n${clusterMarkdown(report)}`,
      SCALING_DOC,
    );
}

main().catch((error: unknown) => {
  console.error(error);
  // A half-started node must not keep a failed run alive.
  process.exit(1);
});
