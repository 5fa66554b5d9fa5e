/** `messages.sendFile`: upload a file, then send a message that carries it (`attachments` extension). */
import {
  type Attachment,
  isInlineImageType,
  type MessageKind,
  type MessageResponse,
  type MessageTargetInput,
} from "@lair-chat/protocol";
import type { HttpClient } from "./http-client.ts";
import { type UploadOptions, type UploadSource, uploadAttachment } from "./upload-attachment.ts";

export interface SendFileOptions extends UploadOptions {
  /** The message text (what Lair 1.1 clients show). @default the file name */
  content?: string;
  /** `image` (needs an image) or `file` (offered as a download). @default image for png/jpeg/gif/webp, else file */
  kind?: Exclude<MessageKind, "text">;
  /** Idempotency key for the send. @default none */
  clientMessageId?: string;
}

/** What sendFile needs of the messages API. */
export type SendWithAttachments = (params: {
  target: MessageTargetInput;
  content: string;
  clientMessageId?: string;
  kind?: MessageKind;
  attachments?: string[];
}) => Promise<MessageResponse>;

export async function sendFile(
  http: HttpClient,
  send: SendWithAttachments,
  conversation: MessageTargetInput,
  file: UploadSource,
  options: SendFileOptions = {},
): Promise<MessageResponse & { attachment: Attachment }> {
  const attachment = await uploadAttachment(http, file, options);
  const kind = options.kind ?? (isInlineImageType(attachment.mime_type) ? "image" : "file");
  const content = options.content?.trim() ? options.content : attachment.name;
  const res = await send({
    target: conversation,
    content,
    kind,
    attachments: [attachment.id],
    ...(options.clientMessageId === undefined ? {} : { clientMessageId: options.clientMessageId }),
  });
  return { ...res, attachment };
}
