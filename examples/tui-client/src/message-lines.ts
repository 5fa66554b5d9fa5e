/**
 * A conversation's timeline as the lines the chat pane shows: `HH:MM name  text`, wrapped to
 * the pane with continuation lines indented under the text, and marks for messages still
 * being sent or refused. Everything a peer wrote is sanitized here.
 */
import type { TimelineItem } from "@lair-chat/client";
import { sanitizeLine, sanitizeText } from "./sanitize.ts";
import { textWidth } from "./text-width.ts";
import { authorStyle, theme } from "./theme.ts";
import { truncate, wrapLines } from "./wrap.ts";

export interface Segment {
  text: string;
  style: string;
}

export type DisplayLine = Segment[];

export interface MessageLineContext {
  /** The signed-in user's id (their name is drawn in the "self" colour). */
  selfId: string | undefined;
  /** Display name of a user (the item's `authorUsername` is offered as a hint). */
  username(userId: string, hint?: string): string;
  /** Local time of a timestamp. @default HH:MM in the process's time zone */
  time?(iso: string): string;
}

/** A file a message carries (`attachments` extension). */
type Attachment = NonNullable<TimelineItem["message"]["attachments"]>[number];

/** Longest name column; longer names are cut. */
const NAME_MAX = 16;

export function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "--:--";
  return `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
}

/** A byte count the way people read it: `512 B`, `4.9 KiB`, `12 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** One attachment as a line of text: `[image] holiday.png (4.9 KiB)`. The name is a peer's: sanitized. */
export function attachmentLabel(attachment: Attachment): string {
  const kind = attachment.mime_type.startsWith("image/") ? "image" : "file";
  return `[${kind}] ${sanitizeLine(attachment.name)} (${formatSize(attachment.size)})`;
}

/** The lines of one timeline item at `width` columns. */
export function itemLines(item: TimelineItem, width: number, context: MessageLineContext): DisplayLine[] {
  const { message } = item;
  const time = (context.time ?? clockTime)(message.created_at);
  const name = truncate(sanitizeLine(context.username(message.author, item.authorUsername)), NAME_MAX);
  const nameStyle = message.author === context.selfId ? theme.self : authorStyle(message.author);
  const prefix: DisplayLine = [
    { text: `${time} `, style: theme.timestamp },
    { text: name, style: nameStyle },
    { text: " ", style: "" },
  ];
  const prefixWidth = textWidth(`${time} ${name} `);
  // In a narrow pane the text goes under the name instead of beside it.
  const inline = width - prefixWidth >= 12;
  const textWidthAvailable = inline ? width - prefixWidth : Math.max(1, width - 2);
  const indent = " ".repeat(inline ? prefixWidth : 2);
  const textStyle = item.status === "pending" ? theme.pending : item.status === "failed" ? theme.dim : "";
  let body = sanitizeText(message.content);
  if (message.edited) body = [...body.slice(0, -1), `${body.at(-1) ?? ""} (edited)`];
  const files = (message.attachments ?? []).map((a) => truncate(attachmentLabel(a), textWidthAvailable));
  // A file sent without a caption shows the file where the text would be.
  const captionless = files.length > 0 && body.length === 1 && body[0]!.trim() === "";
  const rows: Segment[] = [
    ...(captionless ? [] : wrapLines(body, textWidthAvailable)).map((text) => ({ text, style: textStyle })),
    ...files.map((text) => ({ text, style: theme.attachment })),
  ];
  const lines: DisplayLine[] = [];
  if (!inline) lines.push(prefix);
  rows.forEach((row, index) => {
    const lead = inline && index === 0 ? prefix : [{ text: indent, style: "" }];
    lines.push([...lead, row]);
  });
  if (item.status === "pending") lines.at(-1)!.push({ text: " …", style: theme.dim });
  if (item.status === "failed") {
    const reason = sanitizeLine(item.error?.message ?? "not sent");
    lines.push([
      { text: indent, style: "" },
      { text: truncate(`✗ not sent: ${reason}`, Math.max(1, width - indent.length)), style: theme.failed },
    ]);
  }
  return lines;
}

/** The lines of a whole timeline, oldest first. */
export function timelineLines(
  items: readonly TimelineItem[],
  width: number,
  context: MessageLineContext,
): DisplayLine[] {
  return items.flatMap((item) => itemLines(item, width, context));
}
