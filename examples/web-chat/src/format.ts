/** Display helpers: times, avatar colours and initials, error text. */
import { isLairError } from "@lair-chat/protocol";

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });

/** `14:05` today, `Tue, Mar 4 14:05` on other days. */
export function formatTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const sameDay = date.toDateString() === now.toDateString();
  return sameDay ? timeFormat.format(date) : `${dayFormat.format(date)} ${timeFormat.format(date)}`;
}

/** A stable hue per user id, so a person keeps one colour everywhere. */
export function avatarColor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return `hsl(${hash % 360} 55% 50%)`;
}

/** One or two letters for an avatar. */
export function initials(name: string): string {
  const parts = name.replace(/_/g, " ").trim().split(/\s+/);
  const letters = parts.length > 1 ? `${parts[0]![0]}${parts[1]![0]}` : name.slice(0, 2);
  return letters.toUpperCase();
}

/** What to tell the user about a failed call. */
export function errorText(error: unknown): string {
  if (isLairError(error)) {
    if (error.code === "network_error" || error.code === "timeout")
      return "Can't reach the server. Check your connection.";
    if (error.code === "rate_limited") return "Slow down a little and try again.";
    return error.message || error.code;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}
