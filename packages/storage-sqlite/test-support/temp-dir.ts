/** Test support (not published): temp directories for the SQLite tests. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temp directory and its removal. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "lair-sqlite-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
