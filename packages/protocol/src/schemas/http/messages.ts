/** `/api/v1/messages*` (Lair HTTP.md "Message Endpoints"; handlers/messages.rs wins). */
import { z } from "zod";
import { AttachmentIdsSchema, MessageKindSchema } from "../attachment.ts";
import { ClientMessageIdSchema, MessageContentSchema, MessageSchema } from "../message.ts";
import { IdSchema, TimestampSchema } from "../primitives.ts";
import { MessageTargetSchema } from "../target.ts";
import { QueryBoolSchema, QueryLimitSchema, QuerySeqSchema } from "./common.ts";
import { UnreadCountsSchema } from "./users.ts";

/**
 * `POST /messages` (also the body of `send_message`). A Lair client spells a DM target
 * `direct_message` here; `dm` is accepted too. `client_message_id` is the `idempotency` extension.
 */
export const SendMessageRequestSchema = z.object({
  target: MessageTargetSchema,
  content: MessageContentSchema,
  client_message_id: ClientMessageIdSchema.optional(),
  /** `attachments` extension: `image` or `file` with `attachments`; derived from them when absent. */
  kind: MessageKindSchema.optional(),
  /** `attachments` extension: ids of uploads (`POST /attachments`) this message carries. */
  attachments: AttachmentIdsSchema.optional(),
});
export type SendMessageRequest = z.output<typeof SendMessageRequestSchema>;

/** `PATCH /messages/{message_id}`. */
export const EditMessageRequestSchema = z.object({ content: MessageContentSchema });
export type EditMessageRequest = z.infer<typeof EditMessageRequestSchema>;

/**
 * `GET /messages?target_type&target_id&limit&before&after`, plus the `cursor` extension:
 * `before_seq`/`after_seq` (or `cursor=true` for the first page) page by sequence number,
 * include tombstones and return `next_cursor`.
 */
export const HistoryQuerySchema = z.object({
  target_type: z.enum(["room", "direct_message", "dm"]).transform((t) => (t === "direct_message" ? "dm" : t)),
  target_id: IdSchema,
  limit: QueryLimitSchema,
  before: TimestampSchema.optional(),
  after: TimestampSchema.optional(),
  before_seq: QuerySeqSchema.optional(),
  after_seq: QuerySeqSchema.optional(),
  cursor: QueryBoolSchema.optional(),
});
export type HistoryQuery = z.output<typeof HistoryQuerySchema>;

/** `POST /messages` (201) and `PATCH /messages/{message_id}`. */
export const MessageResponseSchema = z.object({ message: MessageSchema });
export type MessageResponse = z.output<typeof MessageResponseSchema>;

/**
 * `GET /messages`. `total_count` is how many messages the query's bounds select without the
 * limit (this page and every page after it; the whole conversation when unbounded). Lair
 * documents it but its server omits it, so it stays optional for clients; ours always sends it.
 * `next_cursor` (cursor mode only) is the value to pass as `before_seq` (or `after_seq` when
 * paging forward) for the next page, `null` when there is none.
 */
export const MessagesListResponseSchema = z.object({
  messages: z.array(MessageSchema),
  has_more: z.boolean(),
  total_count: z.number().int().min(0).optional(),
  next_cursor: z.number().int().min(0).nullable().optional(),
});
export type MessagesListResponse = z.output<typeof MessagesListResponseSchema>;

/** `POST /messages/read`: marks the conversation read up to `up_to` (or entirely when absent). */
export const MarkReadRequestSchema = z.object({ target: MessageTargetSchema, up_to: IdSchema.nullish() });
export type MarkReadRequest = z.output<typeof MarkReadRequestSchema>;

/** `POST /messages/read`: what is still unread in that conversation. */
export const MarkReadResponseSchema = z.object({ unread_count: z.number().int().min(0) });
export type MarkReadResponse = z.infer<typeof MarkReadResponseSchema>;

/**
 * `GET /messages/unread` (ours): the caller's unread counts, in the shape `GET /users/me` carries
 * them (overall, per room id and per DM partner id).
 */
export const UnreadCountsResponseSchema = z.object({ unread_counts: UnreadCountsSchema });
export type UnreadCountsResponse = z.infer<typeof UnreadCountsResponseSchema>;
