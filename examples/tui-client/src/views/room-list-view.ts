/** The left panel: joined rooms and direct conversations, each with its unread count. */
import type { Rect } from "../layout.ts";
import { sanitizeLine } from "../sanitize.ts";
import type { ScreenBuffer } from "../screen-buffer.ts";
import { theme } from "../theme.ts";
import { truncate } from "../wrap.ts";
import { clearRect, drawSpread } from "./draw.ts";

export interface SidebarEntry {
  /** Conversation key. */
  key: string;
  /** Room or user name, unsanitized. */
  name: string;
  kind: "room" | "dm";
  unread: number;
  /** For DMs: whether the other person is online. */
  online?: boolean;
}

export interface RoomListModel {
  rooms: readonly SidebarEntry[];
  dms: readonly SidebarEntry[];
  current: string | undefined;
}

export function drawRoomList(buffer: ScreenBuffer, rect: Rect, model: RoomListModel): void {
  clearRect(buffer, rect);
  const rows: Array<{ heading: string } | SidebarEntry> = [
    { heading: "Rooms" },
    ...model.rooms,
    ...(model.rooms.length === 0 ? [{ heading: " /join or /create" }] : []),
    { heading: "" },
    { heading: "Direct" },
    ...model.dms,
    ...(model.dms.length === 0 ? [{ heading: " /dm <user>" }] : []),
  ];
  // Keep the open conversation on screen when the list is longer than the panel.
  const currentIndex = rows.findIndex((row) => "key" in row && row.key === model.current);
  const first = currentIndex >= rect.height ? currentIndex - rect.height + 1 : 0;
  rows.slice(first, first + rect.height).forEach((row, index) => {
    const y = rect.y + index;
    if ("heading" in row) {
      const style = row.heading.startsWith(" ") ? theme.dim : theme.heading;
      buffer.write(y, rect.x, truncate(row.heading, rect.width), style);
      return;
    }
    const selected = row.key === model.current;
    const mark = row.kind === "room" ? "#" : row.online ? "● " : "○ ";
    const label = ` ${mark}${sanitizeLine(row.name)}`;
    const count = row.unread > 0 ? `${row.unread > 999 ? "999+" : row.unread} ` : "";
    const style = selected
      ? row.unread > 0
        ? theme.selectedUnread
        : theme.selected
      : row.unread > 0
        ? theme.unread
        : "";
    drawSpread(buffer, y, rect, label, count, style, selected ? style : theme.unread);
    if (row.kind === "dm" && !selected)
      buffer.paint(y, rect.x + 1, 1, row.online ? theme.online : theme.offline);
  });
}
