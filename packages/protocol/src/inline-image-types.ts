/**
 * Which attachment MIME types are images (`attachments` extension, docs/attachments.md). Kept
 * out of schemas/attachment.ts because SDK code that only asks "is this an image?" must not
 * bring the schema library into a browser bundle.
 */

/** The MIME types a message of kind `image` may carry (what browsers render safely inline). */
export const INLINE_IMAGE_TYPES: readonly string[] = ["image/png", "image/jpeg", "image/gif", "image/webp"];

/** True for a MIME type that may be shown inline as an image. */
export function isInlineImageType(mimeType: string): boolean {
  return INLINE_IMAGE_TYPES.includes(mimeType);
}
