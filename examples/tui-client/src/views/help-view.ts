/** The help overlay in the chat pane: commands and keys. */
import { COMMANDS } from "../command-parser.ts";
import type { Rect } from "../layout.ts";
import type { ScreenBuffer } from "../screen-buffer.ts";
import { theme } from "../theme.ts";
import { fit, truncate } from "../wrap.ts";
import { clearRect } from "./draw.ts";

const KEYS: ReadonlyArray<readonly [string, string]> = [
  ["Enter", "send the line (a message, or a /command)"],
  ["PageUp / PageDown", "scroll; older history loads at the top"],
  ["Tab / Shift-Tab", "next / previous conversation (also Ctrl-N / Ctrl-P)"],
  ["Up / Down", "input history"],
  ["Ctrl-A/E/U/K/W", "line editing"],
  ["F1 / Esc", "show / hide this help"],
  ["Ctrl-L", "redraw"],
  ["Ctrl-C", "quit"],
];

export function drawHelp(buffer: ScreenBuffer, rect: Rect): void {
  clearRect(buffer, rect);
  const lines: Array<[string, string, string]> = [["Commands", "", theme.heading]];
  for (const command of COMMANDS) lines.push([`  ${command.usage}`, command.summary, ""]);
  lines.push(["", "", ""], ["Keys", "", theme.heading]);
  for (const [key, what] of KEYS) lines.push([`  ${key}`, what, ""]);
  lines.push(["", "", ""], ["Esc closes this help. //text sends a line starting with /.", "", theme.dim]);
  const column = Math.min(26, Math.floor(rect.width / 2));
  lines.slice(0, rect.height).forEach(([left, right, style], index) => {
    const y = rect.y + index;
    if (right === "") {
      buffer.write(y, rect.x, left, style, rect.width);
      return;
    }
    buffer.write(y, rect.x, fit(left, column), theme.notice);
    buffer.write(y, rect.x + column, truncate(right, Math.max(0, rect.width - column)), theme.dim);
  });
}
