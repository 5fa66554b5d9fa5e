/**
 * `npm run bench:cluster [-- --quick] [--no-write]`: the cluster bench of issue #7. Prints the
 * table; writes it, the machine description and the command into the "Sizing" section of
 * docs/scaling.md (between generated-block markers) and the raw numbers into
 * bench/data/results/cluster-{quick,full}.json (git-ignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "../lib/args.ts";
import { writeDocSection } from "../lib/doc-section.ts";
import { describeMachine, machineMarkdown } from "../lib/machine.ts";
import { buildPackagesForServers, commandLine } from "../lib/run-context.ts";
import { runClusterBench } from "./cluster-bench.ts";
import { clusterMarkdown, printClusterReport } from "./cluster-report.ts";

const RESULTS = fileURLToPath(new URL("../data/results/", import.meta.url));
const SCALING_DOC = fileURLToPath(new URL("../../docs/scaling.md", import.meta.url));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.only.length > 0 || args.scenarios.length > 0 || args.cpuProf)
    throw new RangeError("bench:cluster takes only --quick and --no-write");
  const machine = describeMachine();
  const command = commandLine("bench:cluster");
  const mode = args.quick ? "quick" : "full";
  mkdirSync(RESULTS, { recursive: true });
  console.log(`lair-chat cluster bench (${mode}) on ${machine.nproc} cores, Node ${machine.node}`);
  buildPackagesForServers("cluster");
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
