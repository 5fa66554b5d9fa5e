/**
 * After each (re)connect, refresh what events may have missed while we were away and that
 * `resume` does not cover: the rooms we are in (kicked, invited, deleted meanwhile), the server's
 * unread counts and our pending invitations.
 */
import type { StatefulApis } from "../client-apis.ts";
import type { Logger } from "../logger.ts";

export async function syncOnConnect(apis: StatefulApis, logger: Logger): Promise<void> {
  const started = Date.now();
  const joined = new Set<string>();
  for (let offset = 0; ; ) {
    const page = await apis.rooms.list({ joinedOnly: true, limit: 100, offset });
    for (const item of page.rooms) joined.add(item.room.id);
    offset += page.rooms.length;
    if (!page.has_more || page.rooms.length === 0) break;
  }
  await Promise.all([apis.users.me(), apis.invitations.list({ limit: 100 })]);
  logger.debug(
    { rooms: joined.size, ms: Date.now() - started },
    "lair-chat: synced rooms, unread and invitations",
  );
}
