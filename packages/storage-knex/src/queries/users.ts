/** Users: case-insensitive lookups go through the lower-cased shadow columns. */
import type { ListUsersQuery, Page, UserRecord } from "@lair-chat/server";
import { likeContains, type QueryContext } from "../context.ts";
import { fromUser, num, patchColumns, type Row, toUser } from "../rows.ts";

const USER_COLUMNS: Record<string, string> = {
  username: "username",
  email: "email",
  passwordHash: "password_hash",
  role: "role",
  updatedAt: "updated_at",
  lastSeenAt: "last_seen_at",
  bannedAt: "banned_at",
  deletedAt: "deleted_at",
};

export async function createUser({ knex, t }: QueryContext, user: UserRecord): Promise<void> {
  await knex(t.users).insert(fromUser(user));
}

export async function getUser({ knex, t }: QueryContext, id: string): Promise<UserRecord | null> {
  const row = await knex(t.users).where({ id }).first();
  return row ? toUser(row) : null;
}

export async function findUserByIdentifier(
  { knex, t }: QueryContext,
  identifier: string,
): Promise<UserRecord | null> {
  const lower = identifier.toLowerCase();
  // A username match wins over an email match (an email-shaped username is possible).
  const rows: Row[] = await knex(t.users)
    .where({ username_lower: lower })
    .orWhere({ email_lower: lower })
    .limit(2);
  const row = rows.find((r) => r.username_lower === lower) ?? rows[0];
  return row ? toUser(row) : null;
}

export async function updateUser(
  ctx: QueryContext,
  id: string,
  patch: Partial<Omit<UserRecord, "id" | "createdAt">>,
): Promise<UserRecord | null> {
  const columns = patchColumns(patch, USER_COLUMNS);
  if (patch.username !== undefined) columns.username_lower = patch.username.toLowerCase();
  if (patch.email !== undefined) columns.email_lower = patch.email.toLowerCase();
  return ctx.write(async (trx) => {
    if (Object.keys(columns).length > 0) {
      const changed = await trx(ctx.t.users).where({ id }).update(columns);
      if (changed === 0) return null;
    }
    const row = await trx(ctx.t.users).where({ id }).first();
    return row ? toUser(row) : null;
  });
}

export async function listUsers({ knex, t }: QueryContext, query: ListUsersQuery): Promise<Page<UserRecord>> {
  if (query.ids !== undefined && query.ids.length === 0) return { items: [], total: 0 };
  const base = knex(t.users).where((q) => {
    if (query.search) q.whereRaw("username_lower LIKE ? ESCAPE '\\'", [likeContains(query.search)]);
    if (query.ids) q.whereIn("id", query.ids);
    if (!query.includeInactive) q.whereNull("banned_at").whereNull("deleted_at");
  });
  const [rows, count] = await Promise.all([
    base
      .clone()
      .orderBy([{ column: "username_lower" }, { column: "id" }])
      .limit(query.limit)
      .offset(query.offset),
    base.clone().count({ n: "*" }).first(),
  ]);
  return { items: rows.map(toUser), total: num(count?.n ?? 0) };
}

export async function getUsers({ knex, t }: QueryContext, ids: string[]): Promise<UserRecord[]> {
  if (ids.length === 0) return [];
  const out: UserRecord[] = [];
  // Chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await knex(t.users).whereIn("id", ids.slice(i, i + 500));
    out.push(...rows.map(toUser));
  }
  return out;
}
