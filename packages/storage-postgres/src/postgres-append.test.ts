/**
 * How an append reaches Postgres: the seq counter's row lock must never be held across a round
 * trip to the client (several server processes appending to one room queue on that lock), and a
 * batch over several conversations stays one commit.
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
let knex: Knex;
let storage: PostgresStorage;
/** Every statement the storage sent, in order. */
let sent: string[];

beforeEach(async () => {
  schema = freshSchema("ap");
  sent = [];
  knex = knexFactory({ client: "pg", connection: DATABASE_URL, pool: { min: 0, max: 2 } });
  knex.on("query", (q: { sql: string }) => sent.push(q.sql));
  storage = createPostgresStorage({ knex, schema });
  await storage.init();
});
afterEach(async () => {
  await storage.close();
  await knex.destroy();
  await dropSchema(admin, schema);
});

async function seqs(table: "messages" | "message_log", conversation: string): Promise<number[]> {
  const { rows } = await admin.query(
    `SELECT seq FROM "${schema}"."${table}" WHERE conversation = $1 ORDER BY seq`,
    [conversation],
  );
  return rows.map((r: { seq: string }) => Number(r.seq));
}

const isTransactionControl = (sql: string) => /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(sql);

describe.skipIf(!available)("postgres append", () => {
  it("stores a one-conversation batch in one statement, lookup included, outside BEGIN/COMMIT", async () => {
    const user = await addUser(storage, "solo");
    sent = [];
    const [first] = await storage.appendMessages([
      newMessage(user.id, "room:a", "c1"),
      newMessage(user.id, "room:a", "c2"),
    ]);
    const one = await storage.appendMessage(newMessage(user.id, "room:a", "c3"));
    expect([first!.message.seq, one.message.seq]).toEqual([1, 3]);
    expect(sent.filter(isTransactionControl)).toEqual([]);
    // One statement per call: no round trip, let alone one with the counter row locked, in between.
    expect(sent).toHaveLength(2);
    for (const sql of sent) {
      expect(sql).toContain(`"${schema}"."conversation_seqs"`);
      expect(sql).toContain(`"${schema}"."messages"`);
      expect(sql).toContain(`"${schema}"."message_log"`);
    }
    expect(await seqs("messages", "room:a")).toEqual([1, 2, 3]);
    expect(await seqs("message_log", "room:a")).toEqual([1, 2, 3]);
  });

  it("stores the attachment fields and answers a repeated client id without taking a seq", async () => {
    const user = await addUser(storage, "files");
    const stored = await storage.appendMessage({
      ...newMessage(user.id, "room:f", "same"),
      kind: "image",
      attachments: [
        { id: "att-1", name: "a.png", mimeType: "image/png", size: 3, sha256: "ab", width: 2, height: 1 },
      ],
    });
    const again = await storage.appendMessage(newMessage(user.id, "room:f", "same"));
    expect(again.created).toBe(false);
    expect(again.message).toEqual(stored.message);
    expect(await storage.getMessage(stored.message.id)).toEqual(stored.message);
    expect(await storage.lastSeq("room:f")).toBe(1);
  });

  it("commits a batch over several conversations as one: a refused row stores nothing and takes no seq", async () => {
    const user = await addUser(storage, "multi");
    await storage.appendMessage(newMessage(user.id, "room:a"));
    sent = [];
    // "room:b" sorts after "room:a": its statement fails after room:a's succeeded in the transaction.
    const batch = [newMessage(user.id, "room:a"), newMessage("no-such-user", "room:b")];
    await expect(storage.appendMessages(batch)).rejects.toMatchObject({ code: "database_error" });
    expect(sent.some((sql) => /^\s*BEGIN/i.test(sql))).toBe(true);
    expect(await seqs("messages", "room:a")).toEqual([1]);
    expect(await seqs("messages", "room:b")).toEqual([]);
    expect(await storage.lastSeq("room:a")).toBe(1);
    const ok = await storage.appendMessages([newMessage(user.id, "room:b"), newMessage(user.id, "room:a")]);
    expect(ok.map((r) => [r.message.conversation, r.message.seq])).toEqual([
      ["room:b", 1],
      ["room:a", 2],
    ]);
  });
});
