/**
 * The content rule of Lair (docs/protocol.md#limits), the one definition behind
 * `MessageContentSchema` and the client SDK's pre-send check. Kept out of the schema modules so
 * that importing it does not bring the schema library into a browser bundle.
 */
import { MESSAGE_CONTENT_MAX_BYTES } from "./limits.ts";
import { utf8ByteLength } from "./utf8-byte-length.ts";

/** Why `content` cannot be sent (not blank, at most 4096 UTF-8 bytes), or undefined when it can. */
export function contentProblem(content: string): string | undefined {
  if (content.trim().length === 0) return "content cannot be empty";
  if (utf8ByteLength(content) > MESSAGE_CONTENT_MAX_BYTES) {
    return `content must be at most ${MESSAGE_CONTENT_MAX_BYTES} bytes`;
  }
  return undefined;
}
