/**
 * Races over real separate connections: each writer has its own storage and pool, so the
 * database (not a JS queue) decides the order.
 */
import knexFactory, { type Knex } from "knex";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { addUser, newMessage } from "../../storage-knex/test-support/test-records.ts";
import { DATABASE_URL, dropSchema, freshSchema, postgresAvailable } from "../test-support/test-env.ts";
import { createPostgresStorage, type PostgresStorage } from "./postgres-storage.ts";

const available = await postgresAvailable();
const admin = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
afterAll(() => admin.end());

let schema: string;
let storages: PostgresStorage[];
let knexes: Knex[];

beforeEach(() => {
  schema = freshSchema("cc");
  storages = [];
  knexes = [];
});
afterEach(async () => {
  await Promise.all(storages.map((s) => s.close()));
  await Promise.all(knexes.map((k) => k.destroy()));
  await dropSchema(admin, schema);
});

async function openStorages(n: number): Promise<PostgresStorage[]> {
  for (let i = 0; i < n; i++)
    storages.push(createPostgresStorage({ url: DATABASE_URL, schema, pool: { max: 1 } }));
  for (const s of storages) await s.init();
  return storages;
}

async function seqs(table: "messages" | "message_log", conversation: string): Promise<number[]> {
  const { rows } = await admin.query(
    `SELECT seq FROM "${schema}"."${table}" WHERE conversation = $1 ORDER BY seq`,
    [conversation],
  );
  return rows.map((r: { seq: string }) => Number(r.seq));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.skipIf(!available)("postgres concurrency", () => {
  it("8 writers on 8 connections get strictly increasing seqs with no gaps, also in mixed batches", async () => {
    const writers = await openStorages(8);
    const user = await addUser(writers[0]!, "writer");
    const perWriter = await Promise.all(
      writers.map(async (storage, w) => {
        const mine: number[] = [];
        for (let i = 0; i < 20; i++) {
          // Every third call is a batch over two conversations, in opposite orders on odd and even writers.
          const pair = [newMessage(user.id, "room:a"), newMessage(user.id, "room:b")];
          const batch = i % 3 === 0 ? (w % 2 === 0 ? pair : pair.reverse()) : [newMessage(user.id, "room:a")];
          for (const r of await storage.appendMessages(batch)) {
            if (r.message.conversation === "room:a") mine.push(r.message.seq);
          }
        }
        return mine;
      }),
    );
    for (const mine of perWriter) expect(mine).toEqual([...mine].sort((x, y) => x - y));
    const total = perWriter.flat().length;
    expect(await seqs("messages", "room:a")).toEqual(range(total));
    expect(await seqs("message_log", "room:a")).toEqual(range(total));
    expect(await seqs("messages", "room:b")).toEqual(range(8 * 7));
    expect(await writers[3]!.lastSeq("room:a")).toBe(total);
  });

  it("the same client message id from two knex instances at once gives one row and no seq gap", async () => {
    let clashes = 0;
    const makeKnex = () => {
      const k = knexFactory({ client: "pg", connection: DATABASE_URL, pool: { min: 0, max: 2 } });
      k.on("query-error", (error: { code?: string }) => {
        if (error.code === "23505") clashes++;
      });
      knexes.push(k);
      return k;
    };
    const a = createPostgresStorage({ knex: makeKnex(), schema });
    const b = createPostgresStorage({ knex: makeKnex(), schema });
    storages.push(a, b);
    await a.init();
    await b.init();
    const user = await addUser(a, "idem");
    const rounds = 40;
    for (let round = 0; round < rounds; round++) {
      const cid = `cid-${round}`;
      const [x, y] = await Promise.all([
        a.appendMessage(newMessage(user.id, "room:i", cid)),
        b.appendMessage(newMessage(user.id, "room:i", cid)),
      ]);
      expect([x.created, y.created].sort()).toEqual([false, true]);
      expect(x.message).toEqual(y.message);
    }
    // The losing transaction was rolled back with its seq: no gap.
    expect(await seqs("messages", "room:i")).toEqual(range(rounds));
    expect(await seqs("message_log", "room:i")).toEqual(range(rounds));
    const { rows } = await admin.query(`SELECT COUNT(*)::int AS n FROM "${schema}".messages`);
    expect(rows[0].n).toBe(rounds);
    // The race really happened (both passed the lookup and one hit the unique index).
    expect(clashes).toBeGreaterThan(0);
  });

  it("concurrent edits and deletes of one message take distinct seqs and leave one tombstone", async () => {
    const [a, b, c] = await openStorages(3);
    const user = await addUser(a!, "editor");
    const { message } = await a!.appendMessage(newMessage(user.id, "room:e"));
    const results = await Promise.all([
      a!.editMessage(message.id, "one", 10),
      b!.deleteMessage(message.id, 11, user.id),
      c!.editMessage(message.id, "two", 12),
      a!.deleteMessage(message.id, 13, user.id),
    ]);
    const done = results.filter((r) => r !== null);
    const deletes = results.filter((r, i) => r !== null && i % 2 === 1);
    expect(deletes).toHaveLength(1);
    const log = await seqs("message_log", "room:e");
    expect(log).toEqual(range(1 + done.length));
    expect(done.map((r) => r!.seq).sort()).toEqual(log.slice(1));
  });
});
