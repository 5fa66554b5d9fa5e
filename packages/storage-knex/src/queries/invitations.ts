/** Invitations: one pending per room and invitee (partial unique index); answers are compare-and-set. */
import type { InvitationRecord, InvitationStatus, ListInvitationsQuery } from "@lair-chat/server";
import type { QueryContext } from "../context.ts";
import { fromInvitation, type Row, toInvitation } from "../rows.ts";

export async function createInvitation(
  { knex, t }: QueryContext,
  invitation: InvitationRecord,
): Promise<void> {
  await knex(t.invitations).insert(fromInvitation(invitation));
}

export async function getInvitation({ knex, t }: QueryContext, id: string): Promise<InvitationRecord | null> {
  const row = await knex(t.invitations).where({ id }).first();
  return row ? toInvitation(row) : null;
}

export async function resolveInvitation(
  ctx: QueryContext,
  id: string,
  status: Exclude<InvitationStatus, "pending">,
  at: number,
): Promise<InvitationRecord | null> {
  return ctx.write(async (trx) => {
    const changed = await trx(ctx.t.invitations)
      .where({ id, status: "pending" })
      .update({ status, responded_at: at });
    if (changed === 0) return null;
    return toInvitation(await trx(ctx.t.invitations).where({ id }).first());
  });
}

export async function listInvitations(
  { knex, t }: QueryContext,
  query: ListInvitationsQuery,
): Promise<InvitationRecord[]> {
  const q = knex(t.invitations);
  if (query.inviteeId !== undefined) q.where({ invitee_id: query.inviteeId });
  if (query.inviterId !== undefined) q.where({ inviter_id: query.inviterId });
  if (query.roomId !== undefined) q.where({ room_id: query.roomId });
  if (query.status !== undefined) q.where({ status: query.status });
  const rows: Row[] = await q.orderBy([
    { column: "created_at", order: "desc" },
    { column: "id", order: "desc" },
  ]);
  return rows.map(toInvitation);
}

export async function expireInvitations(ctx: QueryContext, now: number): Promise<InvitationRecord[]> {
  const { t } = ctx;
  return ctx.write(async (trx) => {
    const due: Row[] = await trx(t.invitations)
      .where({ status: "pending" })
      .where("expires_at", "<=", now)
      .select("id");
    const ids = due.map((r) => String(r.id));
    const out: InvitationRecord[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      // Re-checked in the update: an answer may have landed between the select and here (Postgres).
      const rows: Row[] = await trx(t.invitations)
        .whereIn("id", chunk)
        .where({ status: "pending" })
        .update({ status: "expired", responded_at: now }, "*");
      out.push(...rows.map(toInvitation));
    }
    return out;
  });
}
