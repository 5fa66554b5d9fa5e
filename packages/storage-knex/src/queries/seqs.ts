/**
 * Per-conversation sequence numbers. The counter row is bumped inside the caller's write
 * transaction: on Postgres the upsert's row lock serialises writers of one conversation until
 * commit, and a rollback returns the numbers, so committed messages never leave a gap.
 */
import type { Knex } from "knex";
import type { QueryContext } from "../context.ts";
import { num, type Row } from "../rows.ts";

/** Take `count` seqs in `conversation`; returns the last one (the first is `last - count + 1`). */
export async function takeSeqs(
  trx: Knex.Transaction,
  { t, dialect }: QueryContext,
  conversation: string,
  count: number,
): Promise<number> {
  const result = await trx.raw(
    `INSERT INTO ?? AS cs (conversation, last_seq) VALUES (?, ?)
     ON CONFLICT (conversation) DO UPDATE SET last_seq = cs.last_seq + excluded.last_seq
     RETURNING last_seq`,
    [t.conversationSeqs, conversation, count],
  );
  const rows: Row[] = dialect === "postgres" ? result.rows : result;
  const row = rows[0];
  if (!row) throw new Error("seq allocation returned no row");
  return num(row.last_seq);
}

export async function lastSeq({ knex, t }: QueryContext, conversation: string): Promise<number> {
  const row = await knex(t.conversationSeqs).where({ conversation }).first("last_seq");
  return row ? num(row.last_seq) : 0;
}
