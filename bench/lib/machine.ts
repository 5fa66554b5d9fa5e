/** A description of the machine a benchmark ran on, for the published tables. */
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";

export interface MachineInfo {
  nproc: string;
  cpuModel: string;
  /** `free -g` output as printed. */
  free: string;
  node: string;
  /** 1-minute load average when the run started: other processes share the cores. */
  loadAverage: string;
  date: string;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", timeout: 5000 }).trimEnd();
  } catch {
    return "(unavailable)";
  }
}

export function describeMachine(): MachineInfo {
  return {
    nproc: run("nproc", []),
    cpuModel: cpus()[0]?.model ?? "unknown",
    free: run("free", ["-g"]),
    node: process.version,
    loadAverage: loadavg()
      .map((v) => v.toFixed(2))
      .join(" / "),
    date: new Date().toISOString(),
  };
}

/** The machine block for docs/benchmarks.md. */
export function machineMarkdown(m: MachineInfo, command: string): string {
  return [
    `- Command: \`${command}\``,
    `- Date: ${m.date}`,
    `- \`nproc\`: ${m.nproc} (${m.cpuModel}); Node ${m.node}; load average at start (1/5/15 min): ${m.loadAverage}`,
    "- `free -g`:",
    "",
    "```",
    m.free,
    "```",
  ].join("\n");
}
