/** The first admin from options: created at start when missing, promoted when present. */
import { EmailSchema, NewPasswordSchema, UsernameSchema } from "@lair-chat/protocol";
import type { EngineCore } from "./engine-core.ts";

export async function ensureAdmin(
  core: EngineCore,
  admin: { username: string; password: string; email: string },
): Promise<void> {
  for (const [name, schema, value] of [
    ["username", UsernameSchema, admin.username],
    ["password", NewPasswordSchema, admin.password],
    ["email", EmailSchema, admin.email],
  ] as const) {
    const r = schema.safeParse(value);
    if (!r.success) throw new TypeError(`options.admin.${name}: ${r.error.issues[0]?.message ?? "invalid"}`);
  }
  const existing = await core.storage.findUserByIdentifier(admin.username);
  const now = core.now();
  if (existing) {
    if (existing.role !== "admin")
      await core.storage.updateUser(existing.id, { role: "admin", updatedAt: now });
    core.logger.info({ userId: existing.id }, "admin account present");
    return;
  }
  await core.storage.createUser({
    id: core.newId(),
    username: admin.username,
    email: admin.email.toLowerCase(),
    passwordHash: await core.hasher.hash(admin.password),
    role: "admin",
    createdAt: now,
    updatedAt: now,
    lastSeenAt: null,
    bannedAt: null,
    deletedAt: null,
  });
  core.logger.info({ username: admin.username }, "admin account created");
}
