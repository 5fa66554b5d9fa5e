#!/usr/bin/env node
/**
 * Size of the browser entry as an app ships it: `@lair-chat/client` bundled by esbuild for the
 * browser with its dependencies, minified, gzipped (level 9). Also measured: the same plus
 * `schemaValidator` from `@lair-chat/client/validate` (strict validation brings zod). Fails when
 * the browser entry pulls any Node built-in or any of zod (a value imported from a protocol schema
 * module keeps that module's schemas, and with them zod; the error names the zod importers kept).
 * Usage: node packages/client/scripts/size.mjs [--json]
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const src = (file) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL("../src/", import.meta.url)), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // Build from sources, like the tests; the published dist bundles to the same code.
    conditions: ["source"],
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const nodeImports = Object.values(result.metafile.inputs)
    .flatMap((input) => input.imports)
    .filter((imp) => imp.path.startsWith("node:") || imp.external);
  const code = result.outputFiles[0].contents;
  const packages = {};
  const zodImporters = [];
  for (const [path, info] of Object.entries(Object.values(result.metafile.outputs)[0].inputs)) {
    const importsZod = result.metafile.inputs[path]?.imports.some((imp) =>
      /node_modules\/zod\//.test(imp.path),
    );
    if (info.bytesInOutput > 0 && importsZod && !/node_modules/.test(path)) zodImporters.push(path);
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path) ?? /packages\/([^/]+)/.exec(path);
    const key = match ? match[1] : path;
    if (info.bytesInOutput > 0) packages[key] = (packages[key] ?? 0) + info.bytesInOutput;
  }
  return {
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    packages,
    nodeImports,
    zodImporters,
  };
}

const entry = await measure(`export * from ${JSON.stringify(src("index.ts"))};`);
const strict = await measure(
  `export * from ${JSON.stringify(src("index.ts"))}; export { schemaValidator } from ${JSON.stringify(src("validate.ts"))};`,
);
if (entry.nodeImports.length > 0) {
  console.error("browser entry imports Node built-ins:", [...new Set(entry.nodeImports.map((i) => i.path))]);
  process.exit(1);
}
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ entry, withSchemaValidator: strict }));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const parts = (m) =>
    Object.entries(m.packages)
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(", ");
  console.log("@lair-chat/client, browser build (esbuild --minify, gzip -9):");
  console.log(
    `  browser entry:                 ${kb(entry.gzip)} gzip, ${kb(entry.minified)} minified (${parts(entry)})`,
  );
  console.log(`  + schemaValidator (with zod):  ${kb(strict.gzip)} gzip, ${kb(strict.minified)} minified`);
}
if (entry.packages.zod !== undefined) {
  console.error("browser entry bundles zod, kept by:", entry.zodImporters);
  process.exitCode = 1;
}
