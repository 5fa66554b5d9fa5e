/** Command-line flags shared by the benchmark entry points. */

export interface BenchArgs {
  /** Small sizes: the whole run in about two minutes. */
  quick: boolean;
  /** Run only these parts (`storage`, `load`), or every part when empty. */
  only: string[];
  /** Load scenarios to run (A–E), or all when empty. */
  scenarios: string[];
  /** Do not rewrite docs/benchmarks.md. */
  noWrite: boolean;
  /** Start the chat server children with `--cpu-prof`. */
  cpuProf: boolean;
}

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { quick: false, only: [], scenarios: [], noWrite: false, cpuProf: false };
  for (const a of argv) {
    if (a === "--quick") args.quick = true;
    else if (a === "--no-write") args.noWrite = true;
    else if (a === "--cpu-prof") args.cpuProf = true;
    else if (a.startsWith("--only=")) args.only = a.slice(7).split(",").filter(Boolean);
    else if (a.startsWith("--scenarios="))
      args.scenarios = a
        .slice(12)
        .split(",")
        .filter(Boolean)
        .map((s) => s.toUpperCase());
    else if (a === "--") continue;
    else
      throw new RangeError(
        `unknown argument ${a} (known: --quick --only= --scenarios= --no-write --cpu-prof)`,
      );
  }
  return args;
}

/** One of `choices` from the environment, or the default. */
export function envChoice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(choices as readonly string[]).includes(raw))
    throw new RangeError(`${name}: expected one of ${choices.join(", ")}, got ${raw}`);
  return raw as T;
}

/** A positive integer from the environment, or the default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`${name}: expected a positive integer`);
  return value;
}
