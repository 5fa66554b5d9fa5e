/** The top row: the app's name and what the open conversation is. */
import type { Rect } from "../layout.ts";
import { sanitizeLine } from "../sanitize.ts";
import type { ScreenBuffer } from "../screen-buffer.ts";
import { theme } from "../theme.ts";
import { truncate } from "../wrap.ts";

export interface TitleModel {
  /** E.g. `#general` or `@bob`. */
  title?: string;
  /** Topic, member count, or presence. */
  subtitle?: string;
}

export function drawTitleBar(buffer: ScreenBuffer, rect: Rect, model: TitleModel): void {
  buffer.fill(rect.y, rect.x, rect.width, theme.title);
  let col = rect.x + buffer.write(rect.y, rect.x, " Lair Chat ", theme.title);
  if (model.title) {
    col += buffer.write(rect.y, col, "│ ", theme.titleDim);
    col += buffer.write(rect.y, col, sanitizeLine(model.title), theme.title, rect.width - col);
  }
  if (model.subtitle && col < rect.x + rect.width - 4) {
    const room = rect.x + rect.width - col - 3;
    buffer.write(rect.y, col, ` — ${truncate(sanitizeLine(model.subtitle), room)}`, theme.titleDim);
  }
}
