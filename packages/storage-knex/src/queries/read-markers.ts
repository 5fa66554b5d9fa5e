/** Read markers only move forward: the upsert updates only when the new seq is higher. */
import type { ReadMarkerRecord } from "@lair-chat/server";
import type { QueryContext } from "../context.ts";
import { num, type Row, toReadMarker } from "../rows.ts";

export async function setReadMarker(
  ctx: QueryContext,
  userId: string,
  conversation: string,
  seq: number,
  at: number,
): Promise<ReadMarkerRecord> {
  const { t } = ctx;
  return ctx.write(async (trx) => {
    await trx.raw(
      `INSERT INTO ?? AS rm (user_id, conversation, last_read_seq, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id, conversation) DO UPDATE
       SET last_read_seq = excluded.last_read_seq, updated_at = excluded.updated_at
       WHERE rm.last_read_seq < excluded.last_read_seq`,
      [t.readMarkers, userId, conversation, seq, at],
    );
    const row = await trx(t.readMarkers).where({ user_id: userId, conversation }).first();
    return toReadMarker(row);
  });
}

export async function listReadMarkers(
  { knex, t }: QueryContext,
  userId: string,
): Promise<ReadMarkerRecord[]> {
  const rows: Row[] = await knex(t.readMarkers).where({ user_id: userId }).orderBy("conversation");
  return rows.map(toReadMarker);
}

export async function countUnread(
  { knex, t }: QueryContext,
  userId: string,
  conversations: string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const c of conversations) counts[c] = 0;
  if (conversations.length === 0) return counts;
  for (let i = 0; i < conversations.length; i += 500) {
    const chunk = conversations.slice(i, i + 500);
    const rows: Row[] = await knex({ m: t.messages })
      .leftJoin({ rm: t.readMarkers }, (j) =>
        j.on("rm.conversation", "m.conversation").andOnVal("rm.user_id", userId),
      )
      .whereIn("m.conversation", chunk)
      .whereNull("m.deleted_at")
      .whereNot("m.author_id", userId)
      .whereRaw("m.seq > COALESCE(rm.last_read_seq, 0)")
      .groupBy("m.conversation")
      .select("m.conversation", knex.raw("COUNT(*) AS n"));
    for (const r of rows) counts[String(r.conversation)] = num(r.n);
  }
  return counts;
}
