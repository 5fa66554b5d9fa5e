#!/usr/bin/env node
/**
 * lair-chat-migrate: bring a Lair Chat database up to date from the command line.
 *
 *   lair-chat-migrate <url> [--schema <name>]
 *
 * `url` is `sqlite:<file>` or `postgres://…`; on Postgres the tables go to `--schema`
 * (default `lair_chat`, the Postgres adapter's default). Prints one line per migration. On
 * Postgres it also refreshes the planner statistics of the tables holding data (`ANALYZE`), so
 * running it after importing history gets keyset plans for history pages right away.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import knexFactory from "knex";
import { parseDatabaseUrl, redactUrl } from "./database-url.ts";
import { migrate } from "./migrate.ts";

const USAGE = "usage: lair-chat-migrate <sqlite:FILE | postgres://URL> [--schema NAME]";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const positional: string[] = [];
  let schema: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--schema") schema = argv[++i] ?? "";
    else positional.push(argv[i]!);
  }
  const url = positional[0];
  if (!url || positional.length !== 1 || schema === "") {
    console.error(USAGE);
    return 2;
  }
  const target = parseDatabaseUrl(url);
  // Same as the SQLite adapter: a missing data directory is created rather than an error.
  if (target.dialect === "sqlite" && target.filename !== ":memory:") {
    mkdirSync(dirname(target.filename), { recursive: true });
  }
  const knex =
    target.dialect === "sqlite"
      ? knexFactory({
          client: "better-sqlite3",
          connection: { filename: target.filename },
          useNullAsDefault: true,
          pool: {
            min: 1,
            max: 1,
            afterCreate: (
              db: { pragma(sql: string): unknown },
              done: (err: Error | null, db: unknown) => void,
            ) => {
              db.pragma("journal_mode = WAL");
              db.pragma("busy_timeout = 5000");
              done(null, db);
            },
          },
        })
      : knexFactory({ client: "pg", connection: target.url, pool: { min: 0, max: 1 } });
  const effectiveSchema = target.dialect === "postgres" ? (schema ?? "lair_chat") : undefined;
  if (schema && target.dialect === "sqlite") {
    console.error("lair-chat-migrate: --schema applies to Postgres only");
    return 2;
  }
  console.log(`lair-chat-migrate: ${redactUrl(url)}${effectiveSchema ? ` (schema ${effectiveSchema})` : ""}`);
  try {
    const result = await migrate(knex, {
      ...(effectiveSchema ? { schema: effectiveSchema } : {}),
      analyze: true,
      onProgress: (p) => {
        const where = `[${p.index}/${p.total}] ${p.name}`;
        if (p.status === "applying") console.log(`${where} applying…`);
        else if (p.status === "applied")
          console.log(`${where} applied in ${Math.round(p.durationMs ?? 0)} ms`);
        else console.log(`${where} already applied`);
      },
    });
    console.log(
      `lair-chat-migrate: done (${result.applied.length} applied, ${result.skipped.length} already applied${result.analyzed.length > 0 ? `, statistics refreshed: ${result.analyzed.join(", ")}` : ""})`,
    );
    return 0;
  } finally {
    await knex.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`lair-chat-migrate: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
