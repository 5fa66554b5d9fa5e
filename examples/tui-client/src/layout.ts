/**
 * Where each part of the chat screen goes for a terminal size: a title bar on top, the room
 * list on the left, the conversation in the middle, members on the right, then the status line
 * and the input line at the bottom. Side panels give way first when the terminal is narrow.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChatLayout {
  title: Rect;
  /** Absent when the terminal is too narrow for it. */
  rooms?: Rect;
  chat: Rect;
  /** Absent when too narrow, or when there is nothing to list. */
  members?: Rect;
  status: Rect;
  input: Rect;
  /** Columns holding the vertical separators between panels. */
  separators: number[];
}

export interface LayoutOptions {
  /** Whether the conversation has a members panel. @default true */
  members?: boolean;
}

/** Smallest terminal the chat screen draws in; below it the app asks for a bigger window. */
export const MIN_COLUMNS = 40;
export const MIN_ROWS = 10;

/** Narrowest terminal with the room list, and with the members panel too. */
const ROOMS_FROM = 60;
const MEMBERS_FROM = 96;

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/** True when the terminal is big enough for the chat screen. */
export function fitsChat(columns: number, rows: number): boolean {
  return columns >= MIN_COLUMNS && rows >= MIN_ROWS;
}

export function chatLayout(columns: number, rows: number, options: LayoutOptions = {}): ChatLayout {
  if (!fitsChat(columns, rows)) {
    throw new RangeError(`the chat screen needs at least ${MIN_COLUMNS}×${MIN_ROWS}, got ${columns}×${rows}`);
  }
  const bodyTop = 1;
  const bodyHeight = rows - 3;
  const separators: number[] = [];
  let left = 0;
  let right = columns;
  let rooms: Rect | undefined;
  let members: Rect | undefined;
  if (columns >= ROOMS_FROM) {
    const width = clamp(Math.floor(columns * 0.18), 16, 26);
    rooms = { x: 0, y: bodyTop, width, height: bodyHeight };
    separators.push(width);
    left = width + 1;
  }
  if ((options.members ?? true) && columns >= MEMBERS_FROM) {
    const width = clamp(Math.floor(columns * 0.16), 16, 24);
    members = { x: columns - width, y: bodyTop, width, height: bodyHeight };
    separators.push(columns - width - 1);
    right = columns - width - 1;
  }
  return {
    title: { x: 0, y: 0, width: columns, height: 1 },
    ...(rooms ? { rooms } : {}),
    chat: { x: left, y: bodyTop, width: right - left, height: bodyHeight },
    ...(members ? { members } : {}),
    status: { x: 0, y: rows - 2, width: columns, height: 1 },
    input: { x: 0, y: rows - 1, width: columns, height: 1 },
    separators,
  };
}
