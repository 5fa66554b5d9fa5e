/**
 * The `resume` extension: replay a conversation's log after the seq a client last saw, as the
 * same events it would have received live, or report `recovered: false` when the gap is
 * longer than `resumeWindow` (the client then backfills over HTTP).
 */
import { parseConversationKey } from "@lair-chat/protocol";
import { messageAttachmentFields } from "../attachments/wire-attachment.ts";
import type { LogEntry } from "../storage/records.ts";
import type { ConnectionHandle, ResumeOutcome } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { createEvent, type LairEvent, renderEvent, variantOf } from "./lair-event.ts";
import { wireMessage, wireTarget } from "./wire.ts";

/** The event a log entry stands for. */
export function eventOfLogEntry(entry: LogEntry, authorName: string): LairEvent {
  const m = entry.message;
  const ext = {
    seq: entry.seq,
    messageSeq: m.seq,
    ...(m.clientMessageId ? { clientMessageId: m.clientMessageId } : {}),
    ...messageAttachmentFields(m),
  };
  switch (entry.op) {
    case "created":
      // The message as it is now (a deleted one with empty content); its later edit or
      // delete follows as its own entry.
      return createEvent(
        "message_received",
        { message: wireMessage(m), author_username: authorName },
        entry.at,
        ext,
      );
    case "edited":
      // The log keeps only the current content, so the replay cannot say what it was before.
      return createEvent("message_edited", { message: wireMessage(m), previous_content: "" }, entry.at, ext);
    case "deleted":
      return createEvent(
        "message_deleted",
        { message_id: m.id, target: wireTarget(m), deleted_by: m.deletedBy ?? m.authorId },
        entry.at,
        { seq: entry.seq },
      );
  }
}

async function mayRead(core: EngineCore, userId: string, key: string): Promise<boolean> {
  const conv = parseConversationKey(key);
  if (!conv) return false;
  if (conv.type === "dm") return conv.userIds.includes(userId);
  return (await core.storage.getMembership(conv.roomId, userId)) !== null;
}

export async function resume(
  core: EngineCore,
  connection: ConnectionHandle,
  since: Record<string, number>,
): Promise<Record<string, ResumeOutcome>> {
  const out: Record<string, ResumeOutcome> = {};
  const variant = variantOf(connection.features);
  const names = new Map<string, string>();
  const nameOf = async (id: string) => {
    let name = names.get(id);
    if (name === undefined) {
      name = (await core.storage.getUser(id))?.username ?? "";
      names.set(id, name);
    }
    return name;
  };
  for (const [key, after] of Object.entries(since).slice(0, 1000)) {
    if (!Number.isSafeInteger(after) || after < 0) continue;
    if (!(await mayRead(core, connection.principal.userId, key))) continue;
    // Inside the conversation's queue, no write of that conversation slips between replay and answer.
    out[key] = await core.queue.run(key, async () => {
      const window = core.options.resumeWindow;
      const entries = await core.storage.readLog(key, after, window + 1);
      const lastSeq = await core.storage.lastSeq(key);
      if (entries.length > window) return { recovered: false, lastSeq };
      for (const entry of entries) {
        connection.send(renderEvent(eventOfLogEntry(entry, await nameOf(entry.message.authorId)), variant));
      }
      return { recovered: true, lastSeq };
    });
  }
  return out;
}
