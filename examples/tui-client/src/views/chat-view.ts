/**
 * The conversation pane: the lines that fit, scrolled per the Scrollback, a marker at the top
 * saying whether older history exists, and one at the bottom while scrolled up.
 */
import type { Rect } from "../layout.ts";
import type { DisplayLine } from "../message-lines.ts";
import type { ScreenBuffer } from "../screen-buffer.ts";
import type { Scrollback } from "../scrollback.ts";
import { theme } from "../theme.ts";
import { truncate } from "../wrap.ts";
import { clearRect, drawSegments } from "./draw.ts";

export interface ChatViewModel {
  lines: readonly DisplayLine[];
  scroll: Scrollback;
  /** Whether older history can be loaded; undefined while the first page is on its way. */
  hasMore: boolean | undefined;
  loadingOlder: boolean;
  /** Shown instead of the lines when there are none. */
  empty?: readonly string[];
}

function topMarker(model: ChatViewModel): string {
  if (model.hasMore === undefined) return "── loading messages… ──";
  if (model.loadingOlder) return "── loading older messages… ──";
  return model.hasMore ? "── PageUp for older messages ──" : "── start of the conversation ──";
}

export function drawChat(buffer: ScreenBuffer, rect: Rect, model: ChatViewModel): void {
  if (model.lines.length === 0 && model.empty && model.hasMore === false) {
    drawLines(buffer, rect, model.empty);
    return;
  }
  clearRect(buffer, rect);
  const all: DisplayLine[] = [
    [{ text: truncate(topMarker(model), rect.width), style: theme.dim }],
    ...model.lines,
  ];
  const { start, end } = model.scroll.window(all.length, rect.height, rect.width);
  all.slice(start, end).forEach((line, index) => {
    drawSegments(buffer, rect.y + index, rect.x, rect.width, line);
  });
  if (!model.scroll.atBottom) {
    const y = rect.y + rect.height - 1;
    buffer.fill(y, rect.x, rect.width, theme.marker);
    const below = model.scroll.offset;
    buffer.write(
      y,
      rect.x,
      truncate(` ↓ ${below} more line${below === 1 ? "" : "s"} below · PageDown `, rect.width),
      theme.marker,
    );
  }
}

/** A few lines of guidance in the pane (nothing open, or nothing said yet); the first is a heading. */
export function drawLines(buffer: ScreenBuffer, rect: Rect, lines: readonly string[]): void {
  clearRect(buffer, rect);
  lines.slice(0, rect.height).forEach((text, index) => {
    buffer.write(rect.y + index, rect.x, truncate(text, rect.width), index === 0 ? theme.heading : theme.dim);
  });
}
