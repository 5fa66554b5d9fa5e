/** `server_notice` (Lair EVENTS.md): an announcement from the server to its connections. */
import { createEvent, renderEvent } from "./lair-event.ts";

/** How serious a notice is (Lair NoticeSeverity). */
export type NoticeSeverity = "info" | "warning" | "critical";

/** The JSON text of a `server_notice` (it has no extension fields, so one text fits every peer). */
export function serverNoticeJson(message: string, severity: NoticeSeverity, at: number = Date.now()): string {
  return renderEvent(createEvent("server_notice", { message, severity }, at), 0);
}
