/** Admin dashboard counts. */
import type { StorageStats } from "@lair-chat/server";
import type { QueryContext } from "../context.ts";
import { num } from "../rows.ts";

export async function stats({ knex, t }: QueryContext, now: number): Promise<StorageStats> {
  const count = async (q: ReturnType<typeof knex>) => num((await q.count({ n: "*" }).first())?.n ?? 0);
  const [users, rooms, messages, activeSessions] = await Promise.all([
    count(knex(t.users).whereNull("deleted_at")),
    count(knex(t.rooms).whereNull("deleted_at")),
    count(knex(t.messages).whereNull("deleted_at")),
    count(knex(t.sessions).whereNull("revoked_at").where("expires_at", ">", now)),
  ]);
  return { users, rooms, messages, activeSessions };
}
