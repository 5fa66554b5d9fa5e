/**
 * send_message, get_messages, edit_message, delete_message, mark_read, typing. Writes to one
 * conversation and their events run through the conversation's queue, so events leave in
 * commit order (sends through the group commit of MessageAppender); the reply to a send is
 * only built after the storage commit.
 */
import { conversationKey, LairError, type MessageTarget } from "@lair-chat/protocol";
import { prepareAttachments } from "../attachments/send-attachments.ts";
import { messageAttachmentFields } from "../attachments/wire-attachment.ts";
import type { MessageRecord } from "../storage/records.ts";
import { getActiveUserOr404, isAdmin, principalOf, rank, requireMember } from "./access.ts";
import type { CommandInput } from "./command-inputs.ts";
import type { CallContext, Principal } from "./engine-api.ts";
import type { EngineCore } from "./engine-core.ts";
import { createEvent } from "./lair-event.ts";
import { type MessageView, wireMessage, wireTarget } from "./wire.ts";

/** Extension fields for this caller: negotiated on WS/TCP, opted into per request on HTTP. */
export function viewFor(ctx: CallContext, httpOptIn: boolean): MessageView {
  if (ctx.transport === "http") return { seq: httpOptIn, clientMessageId: httpOptIn, attachments: true };
  return {
    seq: ctx.features.has("seq"),
    clientMessageId: ctx.features.has("idempotency"),
    attachments: ctx.features.has("attachments"),
  };
}

/** Check the caller may use a target; returns its conversation key and the event audience. */
async function openTarget(
  core: EngineCore,
  p: Principal,
  target: MessageTarget,
): Promise<{ conv: string; audience: () => Promise<string[]> }> {
  if (target.type === "room") {
    const roomId = target.room_id;
    const members = await core.rooms.members(roomId);
    if (members === null || !members.has(p.userId)) {
      // Only a hit is trusted: the cached set may predate a join committed on another node.
      await requireMember(core, roomId, p.userId);
      core.rooms.forget(roomId);
    }
    return { conv: conversationKey(target, p.userId), audience: () => roomAudience(core, roomId) };
  }
  await getActiveUserOr404(core, target.recipient);
  return { conv: conversationKey(target, p.userId), audience: async () => [p.userId, target.recipient] };
}

/** Whether the caller may read the conversation a stored message belongs to (admins may read all). */
async function canRead(core: EngineCore, p: Principal, m: MessageRecord): Promise<boolean> {
  if (isAdmin(p)) return true;
  if (m.roomId !== null) return (await core.storage.getMembership(m.roomId, p.userId)) !== null;
  return m.authorId === p.userId || m.recipientId === p.userId;
}

/** A room's member ids, from the node's cache. */
async function roomAudience(core: EngineCore, roomId: string): Promise<string[]> {
  const members = await core.rooms.members(roomId);
  return members === null ? core.storage.listMemberIds(roomId) : [...members];
}

function audienceOf(core: EngineCore, m: MessageRecord): Promise<string[]> {
  if (m.roomId !== null) return roomAudience(core, m.roomId);
  return Promise.resolve([m.authorId, m.recipientId ?? m.authorId]);
}

/** A live message the caller may see, or 404 `message_not_found` (also for other rooms' ids). */
async function visibleMessage(core: EngineCore, p: Principal, id: string): Promise<MessageRecord> {
  const m = await core.storage.getMessage(id);
  if (!m || m.deletedAt !== null || !(await canRead(core, p, m))) throw new LairError("message_not_found");
  return m;
}

export async function sendMessage(core: EngineCore, ctx: CallContext, input: CommandInput<"send_message">) {
  const p = principalOf(ctx);
  const { conv, audience } = await openTarget(core, p, input.target);
  const id = core.newId();
  const files = await prepareAttachments(core, p.userId, input, id, conv);
  const result = await core.appender.append(conv, {
    message: {
      id,
      conversation: conv,
      roomId: input.target.type === "room" ? input.target.room_id : null,
      recipientId: input.target.type === "dm" ? input.target.recipient : null,
      authorId: p.userId,
      content: input.content,
      clientMessageId: input.client_message_id ?? null,
      createdAt: core.now(),
      ...files.fields,
    },
    failed: () => files.release(),
    async committed(appended) {
      if (!appended.created) await files.release();
      if (appended.created) {
        const m = appended.message;
        core.metrics.messages.inc({ target: input.target.type });
        const event = createEvent(
          "message_received",
          { message: wireMessage(m), author_username: p.username },
          m.createdAt,
          {
            seq: m.seq,
            messageSeq: m.seq,
            ...(m.clientMessageId ? { clientMessageId: m.clientMessageId } : {}),
            ...messageAttachmentFields(m),
          },
        );
        core.router.publish(event, await audience());
      }
      return appended.message;
    },
  });
  return { message: wireMessage(result, viewFor(ctx, input.client_message_id !== undefined)) };
}

export async function getMessages(core: EngineCore, ctx: CallContext, input: CommandInput<"get_messages">) {
  const p = principalOf(ctx);
  const target = input.target;
  if (target.type === "room") await requireMember(core, target.room_id, p.userId);
  else if (!(await core.storage.getUser(target.recipient))) throw new LairError("user_not_found");
  const conv = conversationKey(target, p.userId);
  const cursorMode = input.cursor === true || input.before_seq != null || input.after_seq != null;
  const bounds = {
    ...(input.before_seq != null ? { beforeSeq: input.before_seq } : {}),
    ...(input.after_seq != null ? { afterSeq: input.after_seq } : {}),
    ...(input.before != null ? { before: Date.parse(input.before) } : {}),
    ...(input.after != null ? { after: Date.parse(input.after) } : {}),
    includeDeleted: cursorMode,
  };
  // `total_count` counts the range the bounds select (this page and every later one), not the
  // whole conversation.
  const [rows, counted] = await Promise.all([
    core.storage.listMessages(conv, { ...bounds, limit: input.limit + 1 }),
    core.storage.countMessages(conv, bounds),
  ]);
  // The two reads are not one snapshot; a write in between must not yield a total below the page.
  const total_count = Math.max(counted, rows.length);
  const has_more = rows.length > input.limit;
  const page = rows.slice(0, input.limit);
  const view: MessageView = { ...viewFor(ctx, cursorMode), tombstone: cursorMode };
  if (cursorMode) view.seq = true;
  const out: Record<string, unknown> = {
    messages: page.map((m) => wireMessage(m, view)),
    has_more,
    total_count,
  };
  if (cursorMode) {
    const last = page[page.length - 1];
    out.next_cursor = has_more && last ? last.seq : null;
  }
  return out;
}

export async function editMessage(core: EngineCore, ctx: CallContext, input: CommandInput<"edit_message">) {
  const p = principalOf(ctx);
  const m = await visibleMessage(core, p, input.message_id);
  if (m.authorId !== p.userId) throw new LairError("not_message_author");
  if (m.roomId !== null) await requireMember(core, m.roomId, p.userId);
  const edited = await core.queue.run(m.conversation, async () => {
    const r = await core.storage.editMessage(m.id, input.content, core.now());
    if (!r) throw new LairError("message_not_found");
    const body = { message: wireMessage(r.message), previous_content: m.content };
    const ext = {
      seq: r.seq,
      messageSeq: r.message.seq,
      ...(r.message.clientMessageId ? { clientMessageId: r.message.clientMessageId } : {}),
      ...messageAttachmentFields(r.message),
    };
    core.router.publish(
      createEvent("message_edited", body, core.now(), ext),
      await audienceOf(core, r.message),
    );
    return r.message;
  });
  return { message: wireMessage(edited, viewFor(ctx, false)) };
}

export async function deleteMessage(
  core: EngineCore,
  ctx: CallContext,
  input: CommandInput<"delete_message">,
) {
  const p = principalOf(ctx);
  const m = await visibleMessage(core, p, input.message_id);
  let allowed = m.authorId === p.userId || isAdmin(p);
  if (!allowed && m.roomId !== null) {
    const membership = await core.storage.getMembership(m.roomId, p.userId);
    allowed = membership !== null && rank(membership.role) >= 1;
  }
  if (!allowed) throw new LairError("permission_denied");
  await core.queue.run(m.conversation, async () => {
    const r = await core.storage.deleteMessage(m.id, core.now(), p.userId);
    if (!r) throw new LairError("message_not_found");
    const body = { message_id: m.id, target: wireTarget(m), deleted_by: p.userId };
    core.router.publish(
      createEvent("message_deleted", body, core.now(), { seq: r.seq }),
      await audienceOf(core, m),
    );
  });
  // The files go with the message; what fails here the garbage collector deletes later.
  await core.attachments
    ?.deleteForMessage(m.id)
    .catch((error: unknown) => core.logger.warn({ err: error }, "deleting attachments failed"));
  return { success: true as const };
}

export async function markRead(core: EngineCore, ctx: CallContext, input: CommandInput<"mark_read">) {
  const p = principalOf(ctx);
  const { conv } = await openTarget(core, p, input.target);
  let seq: number;
  if (input.up_to) {
    const m = await core.storage.getMessage(input.up_to);
    if (!m || m.conversation !== conv) throw new LairError("message_not_found");
    seq = m.seq;
  } else {
    seq = await core.storage.lastSeq(conv);
  }
  await core.storage.setReadMarker(p.userId, conv, seq, core.now());
  const counts = await core.storage.countUnread(p.userId, [conv]);
  return { unread_count: counts[conv] ?? 0 };
}

/** Fire-and-forget: refused silently by the throttle, loudly (to the endpoint) for outsiders. */
export async function typing(core: EngineCore, ctx: CallContext, input: CommandInput<"typing">) {
  const p = principalOf(ctx);
  const target = input.target;
  const { conv, audience } = await openTarget(core, p, target);
  const key = `${p.userId}|${conv}`;
  const now = core.now();
  const last = core.typingSeen.get(key);
  if (last !== undefined && now - last < core.options.typingIntervalMs) return undefined;
  core.typingSeen.set(key, now);
  if (core.typingSeen.size > 10_000) {
    for (const [k, t] of core.typingSeen)
      if (now - t >= core.options.typingIntervalMs) core.typingSeen.delete(k);
  }
  const ids = (await audience()).filter((id) => id !== p.userId);
  core.router.publish(createEvent("user_typing", { user_id: p.userId, target }, now), ids);
  return undefined;
}
