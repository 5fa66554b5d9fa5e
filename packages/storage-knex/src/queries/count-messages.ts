/** The number of messages a history query matches without its limit (`total_count`). */
import type { CountMessagesQuery } from "@lair-chat/server";
import type { QueryContext } from "../context.ts";
import { num } from "../rows.ts";

export async function countMessages(
  { knex, t }: QueryContext,
  conversation: string,
  query: CountMessagesQuery,
): Promise<number> {
  // The same predicates as `listMessages`, so the count always agrees with the pages.
  const q = knex(t.messages).where({ conversation });
  if (query.beforeSeq !== undefined) q.where("seq", "<", query.beforeSeq);
  if (query.afterSeq !== undefined) q.where("seq", ">", query.afterSeq);
  if (query.before !== undefined) q.where("created_at", "<", query.before);
  if (query.after !== undefined) q.where("created_at", ">", query.after);
  if (!query.includeDeleted) q.whereNull("deleted_at");
  const row = await q.count({ n: "*" }).first();
  return num(row?.n ?? 0);
}
