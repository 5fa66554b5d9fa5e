/**
 * SIGKILL durability: a writer process is killed at random moments while sending; after each
 * kill every acknowledged message must be in the file with the seq it was acknowledged with,
 * seqs must have no gaps, rows nobody acknowledged may only be the batch in flight at the
 * kill, and SQLite's integrity check must pass. LAIR_DURABILITY_KILLS sets the number of
 * kills (default 20; the full run uses 200).
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { checkDurability, DURABILITY_KILLS } from "../../storage-knex/test-support/check-durability.ts";
import { addUser } from "../../storage-knex/test-support/test-records.ts";
import { DURABILITY_CONVERSATION } from "../../storage-knex/test-support/write-until-killed.ts";
import { tempDir } from "../test-support/temp-dir.ts";
import { createSqliteStorage } from "./sqlite-storage.ts";

const writer = fileURLToPath(new URL("../test-support/durability-writer.ts", import.meta.url));

it(
  `every acknowledged message survives ${DURABILITY_KILLS} SIGKILLs of the writer, without gaps`,
  async () => {
    const tmp = tempDir();
    const filename = join(tmp.dir, "durable.db");
    try {
      const setup = createSqliteStorage({ filename });
      await setup.init();
      const author = await addUser(setup, "writer");
      await setup.close();

      await checkDurability({
        writer: [writer, filename, author.id],
        storedRows: async () => {
          const db = new Database(filename);
          try {
            expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
            return db
              .prepare("SELECT id, seq FROM messages WHERE conversation = ? ORDER BY seq")
              .all(DURABILITY_CONVERSATION) as { id: string; seq: number }[];
          } finally {
            db.close();
          }
        },
      });
    } finally {
      tmp.remove();
    }
  },
  DURABILITY_KILLS * 5_000,
);
