/**
 * SIGKILL durability on Postgres: a writer process is killed at random moments while sending;
 * after each kill every acknowledged message must be stored with the seq it was acknowledged
 * with, seqs must have no gaps (the killed transaction gives its seqs back), and rows nobody
 * acknowledged may only be the batch in flight at the kill. LAIR_DURABILITY_KILLS sets the
 * number of kills (default 20; the full run uses 200).
 */
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, it } from "vitest";
import { checkDurability, DURABILITY_KILLS } from "../../storage-knex/test-support/check-durability.ts";
import { addUser } from "../../storage-knex/test-support/test-records.ts";
import { DURABILITY_CONVERSATION } from "../../storage-knex/test-support/write-until-killed.ts";
import { DATABASE_URL, dropSchema, freshSchema, postgresAvailable } from "../test-support/test-env.ts";
import { createPostgresStorage } from "./postgres-storage.ts";

const writer = fileURLToPath(new URL("../test-support/durability-writer.ts", import.meta.url));
const available = await postgresAvailable();
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
afterAll(() => admin.end());

it.skipIf(!available)(
  `every acknowledged message survives ${DURABILITY_KILLS} SIGKILLs of the writer, without gaps`,
  async () => {
    const schema = freshSchema("dur");
    try {
      const setup = createPostgresStorage({ url: DATABASE_URL, schema });
      await setup.init();
      const author = await addUser(setup, "writer");
      await setup.close();

      await checkDurability({
        writer: [writer, DATABASE_URL, schema, author.id],
        // A killed session's open transaction is invisible here and rolled back when its socket closes.
        storedRows: async () => {
          const { rows } = await admin.query(
            `SELECT id, seq FROM "${schema}".messages WHERE conversation = $1 ORDER BY seq`,
            [DURABILITY_CONVERSATION],
          );
          return rows.map((r: { id: string; seq: string }) => ({ id: r.id, seq: Number(r.seq) }));
        },
      });
    } finally {
      await dropSchema(admin, schema);
    }
  },
  DURABILITY_KILLS * 5_000,
);
