#!/usr/bin/env node
/**
 * Size of the browser entry as an app ships it: `@lair-chat/client` bundled by esbuild for the
 * browser (dependencies included, code splitting on), minified, gzipped. The initial chunk is
 * what a page loads up front; the schema validator (zod) is a lazy chunk fetched on first use.
 * Fails when the bundle pulls any Node built-in.
 * Usage: node packages/client/scripts/size.mjs [--json]
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const result = await build({
  entryPoints: { client: entry },
  bundle: true,
  minify: true,
  splitting: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  // Build from sources, like the tests; the published dist bundles to the same code.
  conditions: ["source"],
  outdir: "size-out",
  write: false,
  metafile: true,
  logLevel: "error",
});

const nodeImports = Object.values(result.metafile.inputs)
  .flatMap((input) => input.imports)
  .filter((imp) => imp.path.startsWith("node:") || (imp.external && !imp.path.startsWith("./")));
if (nodeImports.length > 0) {
  console.error("browser bundle imports Node built-ins:", [...new Set(nodeImports.map((i) => i.path))]);
  process.exit(1);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const chunks = result.outputFiles.map((file) => {
  const meta = Object.entries(result.metafile.outputs).find(([path]) => file.path.endsWith(path))[1];
  const packages = {};
  for (const [path, info] of Object.entries(meta.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path) ?? /packages\/([^/]+)/.exec(path);
    const key = match ? match[1] : path;
    packages[key] = (packages[key] ?? 0) + info.bytesInOutput;
  }
  return {
    initial: meta.entryPoint !== undefined,
    minified: file.contents.length,
    gzip: gzipSync(file.contents, { level: 9 }).length,
    packages,
  };
});
const initial = chunks.filter((c) => c.initial);
const lazy = chunks.filter((c) => !c.initial);
const sum = (list, key) => list.reduce((n, c) => n + c[key], 0);
const report = {
  initial: { minified: sum(initial, "minified"), gzip: sum(initial, "gzip") },
  lazy: { minified: sum(lazy, "minified"), gzip: sum(lazy, "gzip") },
  chunks,
};
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(report));
} else {
  console.log(`@lair-chat/client browser entry (esbuild, minified + gzip -9):`);
  console.log(`  initial chunk:           ${kb(report.initial.gzip)} gzip (${kb(report.initial.minified)} minified)`);
  console.log(`  lazy schema validation:  ${kb(report.lazy.gzip)} gzip (${kb(report.lazy.minified)} minified)`);
  for (const chunk of chunks) {
    const parts = Object.entries(chunk.packages)
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${kb(bytes)}`);
    console.log(`  ${chunk.initial ? "initial" : "lazy   "} ${kb(chunk.gzip).padStart(9)} gzip: ${parts.join(", ")}`);
  }
}
