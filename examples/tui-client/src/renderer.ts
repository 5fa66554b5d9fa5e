/**
 * Turns frames (ScreenBuffers) into the bytes that update the terminal: the whole screen after
 * a resize, otherwise only the rows that changed since the last frame.
 */
import { ansi } from "./ansi.ts";
import type { ScreenBuffer } from "./screen-buffer.ts";

export interface CursorPosition {
  row: number;
  col: number;
}

export class Renderer {
  #previous: string[] | undefined;
  #width = -1;
  #height = -1;

  /** Forget the last frame, so the next one is drawn in full (after the screen was disturbed). */
  invalidate(): void {
    this.#previous = undefined;
  }

  /** The output that shows `frame`, with the cursor at `cursor` (hidden when undefined). */
  frame(frame: ScreenBuffer, cursor?: CursorPosition): string {
    const full = !this.#previous || frame.width !== this.#width || frame.height !== this.#height;
    const rows: string[] = [];
    let out = ansi.hideCursor + (full ? ansi.reset + ansi.clearScreen : "");
    for (let row = 0; row < frame.height; row++) {
      const line = frame.rowAnsi(row);
      rows.push(line);
      if (full || this.#previous?.[row] !== line) out += ansi.moveTo(row, 0) + line;
    }
    this.#previous = rows;
    this.#width = frame.width;
    this.#height = frame.height;
    if (cursor) out += ansi.moveTo(cursor.row, cursor.col) + ansi.showCursor;
    return out;
  }
}
