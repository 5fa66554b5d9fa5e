/** user_online / user_offline: sent only to users who share a room or a DM with the user. */
import type { EngineCore } from "./engine-core.ts";
import { createEvent } from "./lair-event.ts";

export async function presenceAudience(core: EngineCore, userId: string): Promise<Set<string>> {
  const [memberships, partners] = await Promise.all([
    core.storage.listMembershipsOf(userId),
    core.storage.listDmPartners(userId),
  ]);
  const ids = new Set(partners);
  for (const m of memberships) for (const id of await core.storage.listMemberIds(m.roomId)) ids.add(id);
  ids.delete(userId);
  return ids;
}

export async function announcePresence(
  core: EngineCore,
  userId: string,
  username: string,
  online: boolean,
): Promise<void> {
  const now = core.now();
  await core.storage.updateUser(userId, { lastSeenAt: now }).catch((error: unknown) => {
    core.logger.warn({ err: error }, "lastSeenAt update failed");
  });
  const audience = await presenceAudience(core, userId);
  const type = online ? "user_online" : "user_offline";
  core.router.publish(createEvent(type, { user_id: userId, username }, now), audience);
}
