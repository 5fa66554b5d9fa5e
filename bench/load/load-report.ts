/**
 * Tables, target checks and the chart of a load run. The headline is the server's CPU time
 * per delivery and its ratio to raw ws in the same run (the generator shares the cores, so
 * absolute rates say as much about the generator as about the server).
 */
import { consoleTable, fixed, int, markdownTable } from "../lib/format.ts";
import type { LoadReport, MessageRun } from "./load-bench.ts";
import type { StepResult } from "./load-step.ts";
import type { ChartSpec } from "./svg-chart.ts";
import { comparisonStorage, RAW_WS } from "./targets.ts";

/** Scenario A compares every server at the highest rate all of them passed. */
export function aReferenceRate(r: LoadReport): number | undefined {
  const runs = r.runs.filter((x) => x.scenario === "A");
  if (runs.length === 0) return undefined;
  const passedAll = r.sizes.aRates.filter((rate) =>
    runs.every((run) => run.passed && run.passed.rate >= rate && run.steps.some((s) => s.rate === rate)),
  );
  return passedAll.length > 0 ? passedAll[passedAll.length - 1] : r.sizes.aRates[0];
}

/** The step of a run that the headline uses. */
export function headlineStep(r: LoadReport, run: MessageRun): StepResult | undefined {
  if (run.scenario !== "A") return run.steps[0];
  const rate = aReferenceRate(r);
  return run.steps.find((s) => s.rate === rate);
}

function rawOf(r: LoadReport, scenario: string): number {
  const raw = r.runs.find((x) => x.scenario === scenario && x.targetId === RAW_WS);
  return raw ? (headlineStep(r, raw)?.cpuMicrosPerDelivery ?? Number.NaN) : Number.NaN;
}

function errorsOf(step: StepResult): string {
  const entries = Object.entries(step.errors);
  return entries.length === 0 ? "0" : entries.map(([k, v]) => `${k} ${v}`).join(", ");
}

const DETAIL_HEADER = [
  "Scen.",
  "Server",
  "msg/s",
  "deliveries/s",
  "CPU µs/delivery",
  "× raw ws",
  "server cores",
  "generator cores",
  "p50 / p95 / p99 / max ms",
  "lost / dup / out-of-order",
  "errors",
];

function detailRow(r: LoadReport, run: MessageRun, step: StepResult | undefined): string[] {
  if (!step)
    return [run.scenario, run.label, "–", "–", "–", "–", "–", "–", "–", "–", run.failure ?? "no step"];
  const raw = rawOf(r, run.scenario === "E" ? "C" : run.scenario);
  const l = step.latencyMs;
  return [
    run.scenario,
    run.label,
    int(step.sentPerSecond),
    int(step.deliveriesPerSecond),
    fixed(step.cpuMicrosPerDelivery),
    fixed(step.cpuMicrosPerDelivery / raw),
    fixed(step.serverCores),
    fixed(step.generatorCores),
    `${fixed(l.p50, 1)} / ${fixed(l.p95, 1)} / ${fixed(l.p99, 1)} / ${fixed(l.max, 1)}`,
    `${int(step.totals.lost)} / ${int(step.totals.duplicated)} / ${int(step.totals.outOfOrder)}`,
    errorsOf(step),
  ];
}

function detailRows(r: LoadReport): string[][] {
  return r.runs.map((run) => detailRow(r, run, headlineStep(r, run)));
}

function stepRows(r: LoadReport): string[][] {
  return r.runs
    .filter((run) => run.scenario === "A")
    .flatMap((run) => run.steps.map((step) => detailRow(r, run, step)));
}

const SAT_HEADER = [
  "Server",
  "highest passing rate msg/s",
  "deliveries/s",
  "% of raw ws",
  "first failing step",
];

function saturationRows(r: LoadReport): string[][] {
  const runs = r.runs.filter((x) => x.scenario === "A");
  const rawRun = runs.find((x) => x.targetId === RAW_WS);
  const raw = rawRun?.passed?.deliveriesPerSecond ?? Number.NaN;
  return runs.map((run) => {
    const failing = run.steps.find((s) => s !== run.passed && s.rate > (run.passed?.rate ?? 0));
    const why = failing
      ? `${failing.rate} msg/s: p99 ${fixed(failing.latencyMs.p99, 1)} ms, lost ${int(failing.totals.lost)}, errors ${errorsOf(failing)}`
      : (run.failure ?? "none (every step passed)");
    return [
      run.label,
      run.passed ? int(run.passed.rate) : "–",
      run.passed ? int(run.passed.deliveriesPerSecond) : "–",
      run.passed ? fixed((100 * run.passed.deliveriesPerSecond) / raw, 0) : "–",
      why,
    ];
  });
}

const IDLE_HEADER = ["Server", "connections", "RSS before → after MB", "KB per connection", "connect time s"];

function idleRows(r: LoadReport): string[][] {
  return r.idle.map((d) => [
    d.label,
    int(d.connections),
    `${fixed(d.rssBefore / 2 ** 20, 0)} → ${fixed(d.rssAfter / 2 ** 20, 0)}`,
    fixed(d.bytesPerConnection / 1024, 1),
    d.failure ?? fixed(d.connectSeconds, 1),
  ]);
}

export function printLoadReport(r: LoadReport): void {
  console.log(`\n${consoleTable(DETAIL_HEADER, detailRows(r))}\n`);
  if (r.runs.some((x) => x.scenario === "A")) console.log(`${consoleTable(SAT_HEADER, saturationRows(r))}\n`);
  if (r.idle.length) console.log(`${consoleTable(IDLE_HEADER, idleRows(r))}\n`);
}

function targetChecks(r: LoadReport): string[] {
  const cpu = (scenario: string, id: string) => {
    const run = r.runs.find((x) => x.scenario === scenario && x.targetId === id);
    return run ? (headlineStep(r, run)?.cpuMicrosPerDelivery ?? Number.NaN) : Number.NaN;
  };
  const v = (ok: boolean) => (ok ? "met" : "**missed**");
  const lines: string[] = [];
  for (const [scenario, bound] of [
    ["A", 1.15],
    ["B", 1.15],
    ["C", 1.5],
  ] as const) {
    const raw = cpu(scenario, RAW_WS);
    const sio = cpu(scenario, "socketio");
    for (const id of [`lair-ws-${comparisonStorage()}`, `lair-tcp-${comparisonStorage()}`]) {
      const ours = cpu(scenario, id);
      if (!Number.isFinite(ours)) continue;
      lines.push(
        `- ${scenario}, ${id}: CPU/delivery ${fixed(ours / raw)}× raw ws (target ≤ ${bound}×) — ${v(ours / raw <= bound)}; vs Socket.IO ${fixed(ours / sio)}× (target < 1) — ${v(ours < sio)}`,
      );
    }
  }
  const ws = `lair-ws-${comparisonStorage()}`;
  const b = r.runs.find((x) => x.scenario === "B" && x.targetId === ws)?.steps[0];
  if (b)
    lines.push(`- B p99 ≤ 30 ms (Lair WS): ${fixed(b.latencyMs.p99, 1)} ms — ${v(b.latencyMs.p99 <= 30)}`);
  const sat = (id: string) =>
    r.runs.find((x) => x.scenario === "A" && x.targetId === id)?.passed?.deliveriesPerSecond ?? 0;
  if (sat(RAW_WS) > 0)
    lines.push(
      `- A saturation (Lair WS) ≥ Socket.IO's and ≥ 90% of raw ws: ${fixed((100 * sat(ws)) / sat(RAW_WS), 0)}% of raw ws, ${fixed(sat(ws) / Math.max(1, sat("socketio")), 2)}× Socket.IO — ${v(sat(ws) >= sat("socketio") && sat(ws) >= 0.9 * sat(RAW_WS))}`,
    );
  for (const d of r.idle.filter((x) => x.targetId.startsWith("lair")))
    lines.push(
      `- ≤ 12 KB RSS per idle connection (${d.label}): ${fixed(d.bytesPerConnection / 1024, 1)} KB — ${v(d.bytesPerConnection <= 12 * 1024)}`,
    );
  return lines;
}

export function loadMarkdown(r: LoadReport, chartPath: string): string {
  const s = r.sizes;
  const parts = [
    `![Server CPU per delivery and RSS per idle connection](${chartPath})`,
    "",
    `Sizes: A ${s.aClients} clients / ${s.aSenders} senders in one room, rates ${s.aRates.join(", ")} msg/s (${s.warmupMs} ms warm-up + ${s.measureMs} ms measured per step, stop at p99 ≥ ${s.aMaxP99Ms} ms or any loss); B ${s.bClients} clients / ${s.bSenders} senders, ${s.bRate} msg/s for ${s.bMeasureMs} ms; C ${s.cRooms} rooms × ${s.cPerRoom} clients, everyone sends, ${s.cRate} msg/s for ${s.cMeasureMs} ms; D ${s.dConnections} idle connections; E = C's load on our server with other storage. A's row is the step at ${aReferenceRate(r) ?? "–"} msg/s, the highest rate every server passed.`,
    "",
    markdownTable(DETAIL_HEADER, detailRows(r)),
    "",
    "Targets (issue #8), this run:",
    "",
    ...targetChecks(r),
  ];
  if (r.runs.some((x) => x.scenario === "A"))
    parts.push(
      "",
      "Scenario A saturation:",
      "",
      markdownTable(SAT_HEADER, saturationRows(r)),
      "",
      "<details><summary>Every step of scenario A</summary>",
      "",
      markdownTable(DETAIL_HEADER, stepRows(r)),
      "",
      "</details>",
    );
  if (r.idle.length)
    parts.push("", "Scenario D, idle connections:", "", markdownTable(IDLE_HEADER, idleRows(r)));
  return parts.join("\n");
}

const seriesOf = (label: string) => label.replace(/ \((sqlite|memory|postgres)\)$/, "");

export function chartSpec(r: LoadReport, title: string, subtitle: string): ChartSpec {
  const groups = (["A", "B", "C"] as const)
    .filter((sc) => r.runs.some((x) => x.scenario === sc))
    .map((sc) => ({
      label: sc === "A" ? `A (${aReferenceRate(r)} msg/s)` : sc,
      bars: r.runs
        .filter((x) => x.scenario === sc)
        .map((run) => {
          const v = headlineStep(r, run)?.cpuMicrosPerDelivery ?? Number.NaN;
          return { series: seriesOf(run.label), value: v, note: `${fixed(v / rawOf(r, sc), 2)}×` };
        }),
    }));
  for (const run of r.runs.filter((x) => x.scenario === "E")) {
    const v = run.steps[0]?.cpuMicrosPerDelivery ?? Number.NaN;
    groups.push({
      label: `E: ${run.label.replace(/^.*\((\w+)\)$/, "$1")}`,
      bars: [{ series: seriesOf(run.label), value: v, note: `${fixed(v / rawOf(r, "C"), 2)}×` }],
    });
  }
  return {
    title,
    subtitle,
    left: { title: "Server CPU per delivery (lower is better; × raw ws on top)", unit: "µs", groups },
    right: {
      title: "RSS per idle connection (D)",
      unit: "KB",
      groups: r.idle.map((d) => ({
        label: seriesOf(d.label),
        bars: [
          {
            series: seriesOf(d.label),
            value: d.bytesPerConnection / 1024,
            note: fixed(d.bytesPerConnection / 1024, 1),
          },
        ],
      })),
    },
  };
}
