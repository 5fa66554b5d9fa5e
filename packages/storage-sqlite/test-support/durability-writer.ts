/**
 * Test support (not published): the writer process of the SIGKILL durability test on SQLite.
 *
 *   node --import tsx durability-writer.ts <file> <authorId>
 */
import { writeUntilKilled } from "../../storage-knex/test-support/write-until-killed.ts";
import { createSqliteStorage } from "../src/sqlite-storage.ts";

const [filename, authorId] = process.argv.slice(2);
await writeUntilKilled(createSqliteStorage({ filename: filename! }), authorId!);
