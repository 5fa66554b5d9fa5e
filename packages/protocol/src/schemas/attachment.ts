/**
 * The `attachments` extension (docs/attachments.md): image and file messages. A file is first
 * uploaded with `POST /api/v1/attachments`, which answers an `Attachment`; a message then
 * names up to `ATTACHMENTS_PER_MESSAGE_MAX` uploaded ids. Messages keep their text `content`,
 * so a Lair 1.1 peer that did not ask for the extension still reads something sensible.
 */
import { z } from "zod";
import { INLINE_IMAGE_TYPES, isInlineImageType } from "../inline-image-types.ts";
import { IdSchema } from "./primitives.ts";

/** Most attachments one message may carry. */
export const ATTACHMENTS_PER_MESSAGE_MAX = 10;
/** Longest attachment file name, in characters. */
export const ATTACHMENT_NAME_MAX_LENGTH = 255;
/** Default upload limit of the server (10 MiB); servers may set their own. */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** What a message is: plain text, an image (previewable), or a file. */
export const MessageKindSchema = z.enum(["text", "image", "file"]);
export type MessageKind = z.output<typeof MessageKindSchema>;

/**
 * One uploaded file as messages and the upload response carry it. `mime_type` is what the
 * server sniffed from the bytes, never what the uploader claimed; `width`/`height` are set for
 * images whose header the server could read; `sha256` is lower-case hex of the stored bytes.
 */
export const AttachmentSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(ATTACHMENT_NAME_MAX_LENGTH),
  mime_type: z.string().min(1).max(255),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.number().int().min(1).nullable().optional(),
  height: z.number().int().min(1).nullable().optional(),
});
export type Attachment = z.output<typeof AttachmentSchema>;

/** `POST /api/v1/attachments` (201): the stored upload, not yet part of any message. */
export const UploadAttachmentResponseSchema = z.object({ attachment: AttachmentSchema });
export type UploadAttachmentResponse = z.output<typeof UploadAttachmentResponseSchema>;

/** The attachment ids a send request names (each at most once). */
export const AttachmentIdsSchema = z
  .array(IdSchema)
  .min(1)
  .max(ATTACHMENTS_PER_MESSAGE_MAX)
  .refine((ids) => new Set(ids).size === ids.length, "attachment ids must be unique");

// Defined zod-free (browser bundles); re-exported for modules that took them from here.
export { INLINE_IMAGE_TYPES, isInlineImageType };
