/** The earlier-send lookup of the append paths that go through knex (Postgres, other SQLite drivers). */
import type { MessageRecord, NewMessage } from "@lair-chat/server";
import type { Knex } from "knex";
import type { QueryContext } from "../context.ts";
import { type Row, toMessage } from "../rows.ts";
import { clientKey } from "./append-plan.ts";

const LOOKUP_CHUNK = 200;

/** Messages already stored under the batch's (author, client id) pairs, by `clientKey`. */
export async function findByClientIds(
  db: Knex | Knex.Transaction,
  ctx: QueryContext,
  batch: NewMessage[],
): Promise<Map<string, MessageRecord>> {
  const found = new Map<string, MessageRecord>();
  const keyed = batch.filter((m) => m.clientMessageId !== null);
  for (let i = 0; i < keyed.length; i += LOOKUP_CHUNK) {
    const chunk = keyed.slice(i, i + LOOKUP_CHUNK);
    const rows: Row[] = await db(ctx.t.messages).where((q) => {
      for (const m of chunk) q.orWhere({ author_id: m.authorId, client_message_id: m.clientMessageId });
    });
    for (const row of rows) {
      const message = toMessage(row);
      found.set(clientKey(message.authorId, message.clientMessageId ?? ""), message);
    }
  }
  return found;
}
