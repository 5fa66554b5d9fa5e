/** The few escape sequences the client writes (ECMA-48 / xterm), in one place. */

export const ESC = "\u001b";
export const CSI = `${ESC}[`;

export const ansi = {
  enterAltScreen: `${CSI}?1049h`,
  leaveAltScreen: `${CSI}?1049l`,
  hideCursor: `${CSI}?25l`,
  showCursor: `${CSI}?25h`,
  /** Without auto-wrap, drawing the bottom-right cell cannot scroll the screen. */
  autoWrapOff: `${CSI}?7l`,
  autoWrapOn: `${CSI}?7h`,
  reset: `${CSI}0m`,
  clearScreen: `${CSI}H${CSI}2J`,
  /** Move to a zero-based row and column. */
  moveTo: (row: number, col: number): string => `${CSI}${row + 1};${col + 1}H`,
  /** Select graphic rendition: `style` is a list of SGR parameters such as `"1;36"`. */
  sgr: (style: string): string => (style === "" ? "" : `${CSI}${style}m`),
} as const;
