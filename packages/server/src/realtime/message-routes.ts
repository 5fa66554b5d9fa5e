/**
 * How a real-time request becomes an engine command: its `type` names the command (or one of
 * the engine's aliases, e.g. `get_room_members` → `list_members`), and the frame without
 * `type` and `request_id` is the command's input. Handshake, auth, ping and resume are the
 * connection's own and never reach here.
 */
import { type CommandName, resolveCommandName } from "../engine/command-names.ts";

/** The engine command a request type runs, if any. */
export function commandForType(type: string): CommandName | undefined {
  return resolveCommandName(type);
}

/** Request types that get no response at all (Lair sends none for `typing`). */
export function isFireAndForget(type: string): boolean {
  return type === "typing";
}

/**
 * The request body as the engine takes it: the frame without `type` and `request_id`. Copied
 * key by key into a null-prototype object so nothing from the frame can reach a prototype.
 */
export function commandInput(frame: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(frame)) {
    if (key !== "type" && key !== "request_id") input[key] = frame[key];
  }
  return input;
}
