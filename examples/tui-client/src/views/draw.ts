/** Small drawing helpers the views share. */
import type { Rect } from "../layout.ts";
import type { DisplayLine } from "../message-lines.ts";
import type { ScreenBuffer } from "../screen-buffer.ts";
import { textWidth } from "../text-width.ts";
import { truncate } from "../wrap.ts";

/** Draw styled segments on one row, clipped to `width` columns; returns the columns used. */
export function drawSegments(
  buffer: ScreenBuffer,
  row: number,
  col: number,
  width: number,
  segments: DisplayLine,
): number {
  let used = 0;
  for (const { text, style } of segments) {
    if (used >= width) break;
    used += buffer.write(row, col + used, text, style, width - used);
  }
  return used;
}

/** Clear a rectangle. */
export function clearRect(buffer: ScreenBuffer, rect: Rect, style = ""): void {
  for (let row = rect.y; row < rect.y + rect.height; row++) buffer.fill(row, rect.x, rect.width, style);
}

/** One row: `left` text, and `right` text flush with the right edge when both fit. */
export function drawSpread(
  buffer: ScreenBuffer,
  row: number,
  rect: Pick<Rect, "x" | "width">,
  left: string,
  right: string,
  style: string,
  rightStyle = style,
): void {
  buffer.fill(row, rect.x, rect.width, style);
  const rightWidth = textWidth(right);
  const leftRoom = right === "" ? rect.width : rect.width - rightWidth - 1;
  if (leftRoom < 4) {
    buffer.write(row, rect.x, truncate(left, rect.width), style);
    return;
  }
  buffer.write(row, rect.x, truncate(left, leftRoom), style);
  buffer.write(row, rect.x + rect.width - rightWidth, right, rightStyle);
}
