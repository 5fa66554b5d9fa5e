/**
 * Filling timelines over HTTP: the newest page, older pages, and backfills after a gap — by seq
 * with the `cursor` extension, else by timestamps and message ids (plain Lair 1.1, where history
 * has no seq and `before`/`after` may be ignored, so every page is deduplicated by id).
 */
import { type MessageTargetInput, parseConversationKey } from "@lair-chat/protocol";
import type { MessagesApi } from "../http/messages-api.ts";
import type { ChatState } from "../state/chat-state.ts";

export interface HistoryContext {
  state: ChatState;
  messages: MessagesApi;
  /** Page size for backfills. */
  pageSize: number;
  /** Most pages a plain (no seq) backfill walks back before giving up on finding overlap. */
  maxPlainPages: number;
}

/** The message target of a conversation key, from our side. */
export function targetOfConversation(conversation: string, selfId: string | undefined): MessageTargetInput {
  const parsed = parseConversationKey(conversation);
  if (!parsed) throw new TypeError(`not a conversation key: ${conversation}`);
  if (parsed.type === "room") return { type: "room", room_id: parsed.roomId };
  const [a, b] = parsed.userIds;
  return { type: "dm", recipient: a === selfId ? b : a };
}

/**
 * Load the newest page of a conversation. A server with the `cursor` extension answers with
 * `next_cursor` (a plain Lair server ignores the parameter); then the page also fixes the
 * conversation's seq baseline (0 for an empty one), so a later first message is gap-checked.
 */
export async function loadLatest(
  ctx: HistoryContext,
  conversation: string,
  limit: number,
): Promise<{ hasMore: boolean }> {
  const target = targetOfConversation(conversation, ctx.state.me?.id);
  const page = await ctx.messages.history({ target, limit, cursor: true });
  ctx.state.timeline(conversation);
  ctx.state.mergeMessages(oldestFirst(page.messages));
  if (page.next_cursor !== undefined || page.messages.some((m) => m.seq !== undefined)) {
    const top = page.messages.reduce((max, m) => Math.max(max, m.seq ?? 0), 0);
    ctx.state.seqs.advance(conversation, top);
  }
  return { hasMore: page.has_more };
}

/** Load the page before the oldest message shown. */
export async function loadOlder(
  ctx: HistoryContext,
  conversation: string,
  limit: number,
): Promise<{ hasMore: boolean }> {
  const timeline = ctx.state.timeline(conversation);
  const oldest = timeline.oldest;
  if (!oldest) return loadLatest(ctx, conversation, limit);
  const target = targetOfConversation(conversation, ctx.state.me?.id);
  const page = await ctx.messages.history({
    target,
    limit,
    ...(oldest.seq !== undefined ? { beforeSeq: oldest.seq } : { before: oldest.created_at }),
  });
  ctx.state.mergeMessages(oldestFirst(page.messages));
  return { hasMore: page.has_more };
}

/**
 * Pages read backwards (newest page, `before…`) come newest first; the timeline keeps equal
 * timestamps in arrival order, so merge them oldest first.
 */
function oldestFirst<T>(messages: readonly T[]): T[] {
  return [...messages].reverse();
}

/** Fetch everything after `afterSeq` (cursor extension), page by page. Returns messages merged. */
export async function backfillAfterSeq(
  ctx: HistoryContext,
  conversation: string,
  afterSeq: number,
): Promise<number> {
  const target = targetOfConversation(conversation, ctx.state.me?.id);
  let cursor = afterSeq;
  let merged = 0;
  for (;;) {
    const page = await ctx.messages.history({ target, afterSeq: cursor, limit: ctx.pageSize });
    merged += ctx.state.mergeMessages(page.messages, { countUnread: true });
    const top = page.messages.reduce((max, m) => Math.max(max, m.seq ?? 0), cursor);
    const next = page.next_cursor ?? top;
    if (!page.has_more || page.messages.length === 0 || next <= cursor) {
      ctx.state.seqs.advance(conversation, top);
      return merged;
    }
    cursor = next;
  }
}

/**
 * Plain Lair 1.1 backfill: take the newest page and walk back until a page overlaps what we
 * have (or makes no progress, as when the server ignores `before`). Returns messages merged.
 */
export async function backfillLatest(ctx: HistoryContext, conversation: string): Promise<number> {
  const target = targetOfConversation(conversation, ctx.state.me?.id);
  const timeline = ctx.state.timeline(conversation);
  let before: string | undefined;
  let merged = 0;
  for (let page = 0; page < ctx.maxPlainPages; page++) {
    const result = await ctx.messages.history({ target, limit: ctx.pageSize, ...(before ? { before } : {}) });
    const overlaps = result.messages.some((m) => timeline.has(m.id));
    const added = ctx.state.mergeMessages(oldestFirst(result.messages), { countUnread: true });
    merged += added;
    if (overlaps || added === 0 || !result.has_more) break;
    const oldest = result.messages.reduce<string | undefined>(
      (min, m) => (min === undefined || Date.parse(m.created_at) < Date.parse(min) ? m.created_at : min),
      undefined,
    );
    if (oldest === undefined || oldest === before) break;
    before = oldest;
  }
  return merged;
}
