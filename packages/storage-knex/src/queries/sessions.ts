/** Sessions: revocation is a compare-and-set on `revoked_at IS NULL`. */
import type { SessionRecord } from "@lair-chat/server";
import type { QueryContext } from "../context.ts";
import { fromSession, type Row, toSession } from "../rows.ts";

export async function createSession({ knex, t }: QueryContext, session: SessionRecord): Promise<void> {
  await knex(t.sessions).insert(fromSession(session));
}

export async function getSession({ knex, t }: QueryContext, id: string): Promise<SessionRecord | null> {
  const row = await knex(t.sessions).where({ id }).first();
  return row ? toSession(row) : null;
}

export async function touchSession(
  { knex, t }: QueryContext,
  id: string,
  lastActiveAt: number,
  expiresAt?: number,
): Promise<void> {
  const columns: Row = { last_active_at: lastActiveAt };
  if (expiresAt !== undefined) columns.expires_at = expiresAt;
  await knex(t.sessions).where({ id }).update(columns);
}

export async function revokeSession(
  { knex, t }: QueryContext,
  id: string,
  at: number,
  reason: string,
): Promise<boolean> {
  const changed = await knex(t.sessions)
    .where({ id })
    .whereNull("revoked_at")
    .update({ revoked_at: at, revoked_reason: reason });
  return changed > 0;
}

export async function revokeUserSessions(
  { knex, t }: QueryContext,
  userId: string,
  at: number,
  reason: string,
  exceptSessionId?: string,
): Promise<string[]> {
  const q = knex(t.sessions).where({ user_id: userId }).whereNull("revoked_at");
  if (exceptSessionId !== undefined) q.whereNot({ id: exceptSessionId });
  const rows: Row[] = await q.update({ revoked_at: at, revoked_reason: reason }, ["id"]);
  return rows.map((r) => String(r.id));
}
