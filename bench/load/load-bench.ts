/**
 * The load comparison of issue #8: scenarios A–C against raw ws, Socket.IO and our server
 * (WS and TCP, SQLite in the path) with every server process alive at once and the targets
 * interleaved per scenario, so they share the machine's conditions; D (idle connections, RSS)
 * with a fresh process per target; E (our server with memory and Postgres storage, C's load).
 */
import { ClientPool } from "./client-pool.ts";
import { type IdleRun, runIdle } from "./idle-connections.ts";
import { type LoadSizes, loadSizes } from "./load-sizes.ts";
import { runStep, type StepResult, waitForIdle } from "./load-step.ts";
import { buildLayout, clientPlans, type MessageScenario, type ScenarioLayout } from "./scenario-layout.ts";
import { ServerProcess } from "./server-process.ts";
import type { SetupReply } from "./servers/child-ipc.ts";
import { comparisonTargets, lairProcess, lairTargets, type ProcessSpec, type Target } from "./targets.ts";

export interface MessageRun {
  scenario: MessageScenario | "E";
  targetId: string;
  label: string;
  steps: StepResult[];
  /** A: the last step that passed the stop rule; B, C, E: the only step. */
  passed: StepResult | null;
  connectSeconds: number;
  failure?: string;
}

export interface LoadReport {
  sizes: LoadSizes;
  runs: MessageRun[];
  idle: IdleRun[];
  /** Where CPU profiles of our server were written (with --cpu-prof). */
  profileDir?: string;
}

export interface LoadOptions {
  quick: boolean;
  scenarios: string[];
  cpuProfDir?: string;
}

interface Live {
  server: ServerProcess;
  reply: SetupReply;
}

async function startProcess(spec: ProcessSpec, o: LoadOptions): Promise<ServerProcess> {
  return ServerProcess.start(spec.kind, {
    env: spec.storage ? { BENCH_LAIR_STORAGE: spec.storage } : {},
    ...(o.cpuProfDir && spec.kind === "lair" ? { cpuProfDir: o.cpuProfDir } : {}),
  });
}

function passes(step: StepResult, s: LoadSizes): boolean {
  const errors = Object.values(step.errors).reduce((a, b) => a + b, 0);
  return step.latencyMs.p99 < s.aMaxP99Ms && step.totals.lost === 0 && errors === 0;
}

async function runMessages(
  scenario: MessageScenario,
  target: Target,
  live: Live,
  layout: ScenarioLayout,
  s: LoadSizes,
  tag: MessageScenario | "E" = scenario,
): Promise<MessageRun> {
  const run: MessageRun = {
    scenario: tag,
    targetId: target.id,
    label: target.label,
    steps: [],
    passed: null,
    connectSeconds: 0,
  };
  const log = (m: string) => console.log(`[load] ${tag} ${target.label}: ${m}`);
  let pool: ClientPool | undefined;
  try {
    pool = await ClientPool.connect(target.driver(live.server.ports), clientPlans(layout, live.reply));
    run.connectSeconds = pool.connectSeconds;
    log(`${layout.users.length} clients connected in ${pool.connectSeconds.toFixed(1)} s`);
    await waitForIdle(live.server);
    const base = {
      warmupMs: s.warmupMs,
      drainMs: s.drainMs,
      senderClients: layout.senderClients,
      roomSizes: layout.roomSizes,
    };
    const plans =
      scenario === "A"
        ? s.aRates.map((rate) => ({ ...base, rate, measureMs: s.measureMs }))
        : scenario === "B"
          ? [{ ...base, rate: s.bRate, measureMs: s.bMeasureMs }]
          : [{ ...base, rate: s.cRate, measureMs: s.cMeasureMs }];
    for (const plan of plans) {
      const step = await runStep(pool, live.server, plan);
      run.steps.push(step);
      log(
        `${plan.rate} msg/s → ${Math.round(step.deliveriesPerSecond)} deliveries/s, ` +
          `${step.cpuMicrosPerDelivery.toFixed(2)} µs/delivery, p99 ${step.latencyMs.p99.toFixed(1)} ms, ` +
          `lost ${step.totals.lost}, errors ${JSON.stringify(step.errors)}`,
      );
      if (scenario !== "A" || passes(step, s)) run.passed = step;
      if (scenario === "A" && !passes(step, s)) break;
      await waitForIdle(live.server, 5000);
    }
  } catch (error) {
    run.failure = error instanceof Error ? error.message : String(error);
    log(`failed: ${run.failure}`);
  } finally {
    pool?.close();
    await waitForIdle(live.server, 5000);
  }
  return run;
}

async function startAll(specs: ProcessSpec[], setup: Parameters<ServerProcess["setup"]>[0], o: LoadOptions) {
  const lives = new Map<string, Live>();
  for (const spec of specs) {
    const t0 = performance.now();
    const server = await startProcess(spec, o);
    const reply = await server.setup(setup);
    lives.set(spec.key, { server, reply });
    console.log(
      `[load] ${spec.key} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (pid ${server.pid})`,
    );
  }
  return lives;
}

export async function runLoadBench(o: LoadOptions): Promise<LoadReport> {
  const s = loadSizes(o.quick);
  const wants = (x: string) => o.scenarios.length === 0 || o.scenarios.includes(x);
  const report: LoadReport = {
    sizes: s,
    runs: [],
    idle: [],
    ...(o.cpuProfDir ? { profileDir: o.cpuProfDir } : {}),
  };
  const messageScenarios = (["A", "B", "C"] as const).filter(wants);
  if (messageScenarios.length > 0) {
    const layout = buildLayout(s, [...messageScenarios]);
    const targets = comparisonTargets();
    const specs = [...new Map(targets.map((t) => [t.process.key, t.process])).values()];
    const lives = await startAll(specs, layout.setup, o);
    try {
      for (const scenario of messageScenarios)
        for (const target of targets)
          report.runs.push(
            await runMessages(
              scenario,
              target,
              lives.get(target.process.key)!,
              layout.scenarios[scenario]!,
              s,
            ),
          );
    } finally {
      for (const live of lives.values()) await live.server.stop();
    }
  }
  if (wants("E")) {
    const layout = buildLayout(s, ["C"]);
    for (const storage of ["memory", "postgres"] as const) {
      const lives = await startAll([lairProcess(storage)], layout.setup, o);
      try {
        const target = lairTargets(storage)[0]!;
        report.runs.push(
          await runMessages("C", target, lives.get(target.process.key)!, layout.scenarios.C!, s, "E"),
        );
      } finally {
        for (const live of lives.values()) await live.server.stop();
      }
    }
  }
  if (wants("D")) {
    const targets = [...comparisonTargets().slice(0, 2), ...lairTargets("memory")];
    for (const target of targets) {
      const server = await startProcess(target.process, o);
      try {
        report.idle.push(await runIdle(target, server, s.dConnections));
      } finally {
        await server.stop();
      }
    }
  }
  return report;
}
