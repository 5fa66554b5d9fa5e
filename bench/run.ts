/**
 * `npm run bench [-- --quick] [--only=storage,load] [--scenarios=A,B] [--no-write] [--cpu-prof]`:
 * the storage benchmarks (issue #4) and the load comparison against raw ws and Socket.IO
 * (issue #8). Prints tables; writes them, the machine description and the command into
 * docs/benchmarks.md (between generated-block markers) and the raw numbers into bench/data/results/ (git-ignored).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "./lib/args.ts";
import { writeDocSection } from "./lib/doc-section.ts";
import { describeMachine, machineMarkdown } from "./lib/machine.ts";
import { buildPackagesForServers, commandLine } from "./lib/run-context.ts";
import { runLoadBench } from "./load/load-bench.ts";
import { chartSpec, loadMarkdown, printLoadReport } from "./load/load-report.ts";
import { renderChart } from "./load/svg-chart.ts";
import { printStorageReport, runStorageBench, storageMarkdown } from "./storage/storage-bench.ts";

// bench/data/ is ignored by git and biome: raw results are regenerated, the doc keeps the tables.
const RESULTS = fileURLToPath(new URL("./data/results/", import.meta.url));
const IMAGES = fileURLToPath(new URL("../docs/images/", import.meta.url));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const machine = describeMachine();
  const command = commandLine("bench");
  const mode = args.quick ? "quick" : "full";
  const wants = (part: string) => args.only.length === 0 || args.only.includes(part);
  mkdirSync(RESULTS, { recursive: true });
  console.log(`lair-chat bench (${mode}) on ${machine.nproc} cores, Node ${machine.node}`);

  if (wants("storage")) {
    const report = await runStorageBench(args.quick);
    printStorageReport(report);
    writeFileSync(`${RESULTS}storage-${mode}.json`, JSON.stringify({ machine, command, report }, null, 2));
    if (!args.noWrite)
      writeDocSection(
        `storage-${mode}`,
        `${machineMarkdown(machine, command)}\n\n${storageMarkdown(report)}`,
      );
  }

  if (wants("load")) {
    buildPackagesForServers("load");
    const cpuProfDir = args.cpuProf ? `${tmpdir()}/lair-bench-profiles-${Date.now()}` : undefined;
    const report = await runLoadBench({
      quick: args.quick,
      scenarios: args.scenarios,
      ...(cpuProfDir ? { cpuProfDir } : {}),
    });
    printLoadReport(report);
    if (cpuProfDir) console.log(`CPU profiles of our server: ${cpuProfDir}`);
    writeFileSync(`${RESULTS}load-${mode}.json`, JSON.stringify({ machine, command, report }, null, 2));
    if (!args.noWrite) {
      const chart = `benchmarks-${mode}.svg`;
      const subtitle = `${mode} run, ${machine.date.slice(0, 10)}, ${machine.nproc} cores shared by servers and generator, Node ${machine.node}`;
      writeFileSync(
        `${IMAGES}${chart}`,
        renderChart(chartSpec(report, "Lair Chat vs raw ws vs Socket.IO", subtitle)),
      );
      writeDocSection(
        `load-${mode}`,
        `${machineMarkdown(machine, command)}\n\n${loadMarkdown(report, `images/${chart}`)}`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  // A half-opened storage or server child must not keep a failed run alive.
  process.exit(1);
});
