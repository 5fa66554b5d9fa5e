/** Target spellings: real-time and events use `dm`, HTTP requests `direct_message` (docs/protocol.md#targets). */
import type { MessageTarget, MessageTargetInput } from "@lair-chat/protocol";

/** The `dm` spelling of any accepted target (what real-time requests and conversation keys use). */
export function canonicalTarget(target: MessageTargetInput): MessageTarget {
  if (target === null || typeof target !== "object") throw new TypeError("target must be a message target");
  if (target.type === "room") return { type: "room", room_id: target.room_id };
  if (target.type === "dm" || target.type === "direct_message")
    return { type: "dm", recipient: target.recipient };
  throw new TypeError("target.type must be 'room', 'dm' or 'direct_message'");
}

/** The spelling a Lair 1.1 server expects in HTTP bodies. */
export function httpTarget(
  target: MessageTargetInput,
): { type: "room"; room_id: string } | { type: "direct_message"; recipient: string } {
  const canonical = canonicalTarget(target);
  return canonical.type === "room" ? canonical : { type: "direct_message", recipient: canonical.recipient };
}
