/**
 * Test support (not published): the writer process of the SIGKILL durability test on Postgres.
 *
 *   node --import tsx durability-writer.ts <url> <schema> <authorId>
 */
import { writeUntilKilled } from "../../storage-knex/test-support/write-until-killed.ts";
import { createPostgresStorage } from "../src/postgres-storage.ts";

const [url, schema, authorId] = process.argv.slice(2);
await writeUntilKilled(createPostgresStorage({ url: url!, schema: schema!, pool: { max: 1 } }), authorId!);
