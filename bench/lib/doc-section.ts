/**
 * Writes a generated block into docs/benchmarks.md between `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->`, leaving the hand-written prose around it alone.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const DOC_PATH = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));

export function writeDocSection(name: string, body: string, path = DOC_PATH): void {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${block}${text.slice(to + end.length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
