/**
 * `node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]`: the hot spots of a V8
 * CPU profile written by `npm run bench -- --cpu-prof` — self time by function, and self time
 * by file (so "knex", "ws", "zod" or one of our modules shows up as a whole).
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const i = url.indexOf("/packages/");
  if (i >= 0) return url.slice(i + 1);
  return url.replace(/^file:\/\//, "") || "(native)";
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new TypeError("usage: profile-summary.ts <file.cpuprofile> [top]");
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
for (const [i, id] of profile.samples.entries())
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
let total = 0;
for (const v of selfMicros.values()) total += v;

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, us] of selfMicros) {
  const f = byId.get(id)!.callFrame;
  if (f.functionName === "(idle)" || f.functionName === "(program)") continue;
  const key = `${f.functionName || "(anonymous)"}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const fileKey = shortUrl(f.url);
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
}
const idle = [...selfMicros]
  .filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)")
  .reduce((a, [, v]) => a + v, 0);
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${((100 * v) / (total - idle)).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
};
console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((100 * idle) / total).toFixed(0)}% idle; shares are of busy time`,
);
print("Self time by function", byFunction);
print("Self time by file or package", byFile);
