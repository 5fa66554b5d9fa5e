/**
 * The content rule of Lair (docs/protocol.md#limits): not blank, at most 4096 UTF-8 bytes. Same
 * answer as the protocol's `contentProblem` (a test checks it), kept schema-free for the bundle.
 */
import { MESSAGE_CONTENT_MAX_BYTES } from "@lair-chat/protocol";

const utf8 = new TextEncoder();

/** Why `content` cannot be sent, or undefined when it can. */
export function contentProblem(content: string): string | undefined {
  if (content.trim().length === 0) return "content cannot be empty";
  if (utf8.encode(content).length > MESSAGE_CONTENT_MAX_BYTES) {
    return `content must be at most ${MESSAGE_CONTENT_MAX_BYTES} bytes`;
  }
  return undefined;
}
