import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { MIGRATIONS } from "./migrate.ts";

const run = promisify(execFile);
const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const tsx = createRequire(import.meta.url).resolve("tsx");
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "lair-cli-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function migrateCli(...args: string[]) {
  return run(process.execPath, ["--import", tsx, cli, ...args], { timeout: 30_000 });
}

it("lair-chat-migrate migrates a SQLite file, prints progress, and is idempotent", async () => {
  const file = join(dir, "data", "chat.db");
  const first = await migrateCli(`sqlite:${file}`);
  for (const m of MIGRATIONS) {
    expect(first.stdout).toMatch(new RegExp(`${m.name} applying`));
    expect(first.stdout).toMatch(new RegExp(`${m.name} applied in \\d+ ms`));
  }
  expect(first.stdout).toContain(`done (${MIGRATIONS.length} applied, 0 already applied)`);

  const db = new Database(file, { readonly: true });
  try {
    const names = db.prepare("SELECT name FROM lair_migrations ORDER BY name").pluck().all();
    expect(names).toEqual(MIGRATIONS.map((m) => m.name));
  } finally {
    db.close();
  }

  const second = await migrateCli(`sqlite:${file}`);
  expect(second.stdout).toContain(`done (0 applied, ${MIGRATIONS.length} already applied)`);
});

it("lair-chat-migrate exits 2 with usage on bad arguments and 1 on a bad URL", async () => {
  await expect(migrateCli()).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("usage:") });
  await expect(migrateCli("mysql://x")).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining("url:"),
  });
});
