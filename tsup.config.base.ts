/**
 * The one tsup configuration every package builds with: ESM + .d.ts, Node 20 target,
 * dependencies left external (tsup's default), source maps for stack traces.
 */
import type { Options } from "tsup";

export function packageBuild(entry: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry,
    format: ["esm"],
    target: "node20",
    platform: "neutral",
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    ...overrides,
  };
}
