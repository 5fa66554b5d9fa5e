/** `/messages*`: send, history (timestamps or the `cursor` extension), edit, delete, read markers. */
import type {
  Attachment,
  MarkReadResponse,
  MessageKind,
  MessageResponse,
  MessagesListResponse,
  MessageTargetInput,
  SuccessResponse,
  UnreadCounts,
} from "@lair-chat/protocol";
import { httpTarget } from "../target.ts";
import { downloadAttachment } from "./download-attachment.ts";
import type { HttpClient } from "./http-client.ts";
import { path } from "./path.ts";
import { type SendFileOptions, sendFile } from "./send-file.ts";
import type { UploadSource } from "./upload-attachment.ts";

export interface HistoryParams {
  target: MessageTargetInput;
  /** Page size (the server clamps to 100). @default 50 (server side) */
  limit?: number;
  /** Only messages created before this RFC 3339 time. */
  before?: string;
  /** Only messages created after this RFC 3339 time. */
  after?: string;
  /** `cursor` extension: only seq below this (newest first page backwards); includes tombstones. */
  beforeSeq?: number;
  /** `cursor` extension: only seq above this, oldest first; includes tombstones. */
  afterSeq?: number;
  /** `cursor` extension: page by seq from the newest message. */
  cursor?: boolean;
}

export interface SendParams {
  target: MessageTargetInput;
  content: string;
  /** Idempotency key (`idempotency` extension): a repeat returns the original message. */
  clientMessageId?: string;
  /** `attachments` extension: what the message is. @default derived by the server */
  kind?: MessageKind;
  /** `attachments` extension: ids of uploaded files. @default none */
  attachments?: string[];
}

export interface MessagesApi {
  /** Send over HTTP, now, without the outbox (see `client.send` for the reliable path). */
  send(params: SendParams): Promise<MessageResponse>;
  /** Upload a file (with progress) and send it as an image or file message (docs/attachments.md). */
  sendFile(
    conversation: MessageTargetInput,
    file: UploadSource,
    options?: SendFileOptions,
  ): Promise<MessageResponse & { attachment: Attachment }>;
  /** The bytes of an attachment this user may read, as a Blob (for previews and save links). */
  downloadAttachment(id: string): Promise<Blob>;
  history(params: HistoryParams): Promise<MessagesListResponse>;
  edit(messageId: string, content: string): Promise<MessageResponse>;
  delete(messageId: string): Promise<SuccessResponse>;
  /** Mark a conversation read up to a message (or entirely); returns what is still unread. */
  markRead(target: MessageTargetInput, upTo?: string): Promise<MarkReadResponse>;
  /** Unread counts of every conversation (from `GET /users/me`). */
  unread(): Promise<UnreadCounts>;
}

export function createMessagesApi(http: HttpClient): MessagesApi {
  const api: MessagesApi = {
    sendFile: (conversation, file, options) => sendFile(http, api.send, conversation, file, options),
    downloadAttachment: (id) => downloadAttachment(http, id),
    send: (params) =>
      http.request({
        method: "POST",
        path: "/messages",
        body: {
          target: httpTarget(params.target),
          content: params.content,
          ...(params.clientMessageId === undefined ? {} : { client_message_id: params.clientMessageId }),
          ...(params.kind === undefined ? {} : { kind: params.kind }),
          ...(params.attachments === undefined ? {} : { attachments: params.attachments }),
        },
        operation: "sendMessage",
      }),
    history: (params) =>
      http.request({
        method: "GET",
        path: "/messages",
        query: {
          target_type: params.target.type === "room" ? "room" : "direct_message",
          target_id: params.target.type === "room" ? params.target.room_id : params.target.recipient,
          limit: params.limit,
          before: params.before,
          after: params.after,
          before_seq: params.beforeSeq,
          after_seq: params.afterSeq,
          cursor: params.cursor,
        },
        operation: "getMessages",
      }),
    edit: (messageId, content) =>
      http.request({
        method: "PATCH",
        path: path`/messages/${messageId}`,
        body: { content },
        operation: "editMessage",
      }),
    delete: (messageId) =>
      http.request({ method: "DELETE", path: path`/messages/${messageId}`, operation: "deleteMessage" }),
    markRead: (target, upTo) =>
      http.request({
        method: "POST",
        path: "/messages/read",
        body: { target: httpTarget(target), ...(upTo === undefined ? {} : { up_to: upTo }) },
        operation: "markRead",
      }),
    unread: async () => {
      const body = await http.request({
        method: "GET",
        path: "/messages/unread",
        operation: "getUnreadCounts",
      });
      return body.unread_counts;
    },
  };
  return api;
}
