/**
 * The `attachments` half of send_message: check `kind` against the files, and bind the uploads
 * to the message id before it is stored (compare-and-set, so one upload goes with one message).
 * A resend with the same `client_message_id` finds its uploads bound to the original and lets
 * the idempotent append answer with that message.
 */
import { isInlineImageType, LairError, type MessageKind } from "@lair-chat/protocol";
import type { EngineCore } from "../engine/engine-core.ts";
import type { MessageAttachment } from "../storage/records.ts";

export interface SendAttachmentInput {
  kind?: MessageKind | undefined;
  attachments?: string[] | undefined;
  client_message_id?: string | undefined;
}

export interface PreparedAttachments {
  /** Spread into `NewMessage`. */
  fields: { kind?: MessageKind; attachments?: MessageAttachment[] };
  /** Unbind the uploads again (the message was not stored, or an earlier copy was returned). */
  release(): Promise<void>;
}

const NOTHING: PreparedAttachments = { fields: {}, release: async () => {} };

function invalid(message: string): LairError {
  return new LairError("validation_failed", { message, details: { field: "kind" } });
}

export async function prepareAttachments(
  core: EngineCore,
  authorId: string,
  input: SendAttachmentInput,
  messageId: string,
  conversation: string,
): Promise<PreparedAttachments> {
  const ids = input.attachments ?? [];
  if (ids.length === 0) {
    if (input.kind !== undefined && input.kind !== "text")
      throw invalid(`kind ${input.kind} needs attachments`);
    return NOTHING;
  }
  if (input.kind === "text") throw invalid("kind text cannot carry attachments");
  const service = core.attachments;
  if (!service?.enabled) throw new LairError("attachments_unsupported");
  const claimed = await service.claim(ids, authorId, messageId, conversation);
  if (!claimed) {
    if (input.client_message_id !== undefined) {
      const first = await service.get(ids[0] as string);
      const original = first?.messageId ? await core.storage.getMessage(first.messageId) : null;
      if (
        original &&
        original.authorId === authorId &&
        original.clientMessageId === input.client_message_id
      ) {
        return NOTHING;
      }
    }
    throw new LairError("attachment_not_found", {
      message: "An attachment is missing, already sent, or not yours",
    });
  }
  const release = async () => {
    await service.release(messageId);
  };
  const images = claimed.every((a) => isInlineImageType(a.mimeType));
  if (input.kind === "image" && !images) {
    await release();
    throw invalid("kind image needs image attachments (png, jpeg, gif, webp)");
  }
  const attachments: MessageAttachment[] = claimed.map((a) => ({
    id: a.id,
    name: a.name,
    mimeType: a.mimeType,
    size: a.size,
    sha256: a.sha256,
    width: a.width,
    height: a.height,
  }));
  return { fields: { kind: input.kind ?? (images ? "image" : "file"), attachments }, release };
}
