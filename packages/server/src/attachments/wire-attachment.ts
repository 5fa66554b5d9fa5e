/** Attachment records → the wire shape of the `attachments` extension (snake_case). */
import type { Attachment, MessageKind } from "@lair-chat/protocol";
import type { MessageAttachment, MessageRecord } from "../storage/records.ts";

export function wireAttachment(a: MessageAttachment): Attachment {
  return {
    id: a.id,
    name: a.name,
    mime_type: a.mimeType,
    size: a.size,
    sha256: a.sha256,
    width: a.width,
    height: a.height,
  };
}

/** `kind` and `attachments` of a live message that carries files; empty for text and tombstones. */
export function messageAttachmentFields(m: MessageRecord): {
  kind?: MessageKind;
  attachments?: Attachment[];
} {
  if (m.deletedAt !== null || !m.attachments || m.attachments.length === 0) return {};
  return {
    kind: m.kind && m.kind !== "text" ? m.kind : "file",
    attachments: m.attachments.map(wireAttachment),
  };
}
