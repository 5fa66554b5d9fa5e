/**
 * A grid of cells the views draw into, then turned into escape sequences by the Renderer. Every
 * string written is sanitized here too, so no view can put a control character on the terminal
 * by mistake. A wide character fills its cell and marks the next one as its continuation.
 */
import { ansi } from "./ansi.ts";
import { sanitizeLine } from "./sanitize.ts";
import { charWidth } from "./text-width.ts";

export interface Cell {
  /** What the cell shows; `""` for the right half of a wide character. */
  ch: string;
  /** SGR parameters, `""` for the default look. */
  style: string;
}

export class ScreenBuffer {
  readonly width: number;
  readonly height: number;
  readonly #rows: Cell[][];

  constructor(width: number, height: number) {
    if (!Number.isInteger(width) || width < 0) throw new RangeError("width must be a non-negative integer");
    if (!Number.isInteger(height) || height < 0)
      throw new RangeError("height must be a non-negative integer");
    this.width = width;
    this.height = height;
    this.#rows = Array.from({ length: height }, () => blankRow(width));
  }

  /**
   * Write text at a row and column, clipped at `maxWidth` columns (default: the right edge).
   * Returns the number of columns written.
   */
  write(row: number, col: number, text: string, style = "", maxWidth = this.width - col): number {
    const cells = this.#rows[row];
    if (!cells || col < 0 || col >= this.width) return 0;
    const limit = Math.min(this.width, col + Math.max(0, maxWidth));
    let x = col;
    for (const char of sanitizeLine(text)) {
      const w = charWidth(char);
      if (w === 0) {
        // A combining mark joins the character before it.
        const previous = cells[x - 1];
        if (x > col && previous) previous.ch += char;
        continue;
      }
      if (x + w > limit) {
        if (w === 2 && x < limit) this.#set(cells, x++, " ", style);
        break;
      }
      this.#set(cells, x, char, style);
      if (w === 2) this.#set(cells, x + 1, "", style);
      x += w;
    }
    return x - col;
  }

  /** Fill `width` columns of a row with one character. */
  fill(row: number, col: number, width: number, style = "", ch = " "): void {
    const cells = this.#rows[row];
    if (!cells) return;
    const end = Math.min(this.width, col + width);
    for (let x = Math.max(0, col); x < end; x++) this.#set(cells, x, ch, style);
  }

  /** Restyle cells without changing what they show (e.g. to highlight a row). */
  paint(row: number, col: number, width: number, style: string): void {
    const cells = this.#rows[row];
    if (!cells) return;
    const end = Math.min(this.width, col + width);
    for (let x = Math.max(0, col); x < end; x++) cells[x]!.style = style;
  }

  /** A row as plain text (tests and debugging). */
  rowText(row: number): string {
    return (this.#rows[row] ?? []).map((cell) => cell.ch).join("");
  }

  /** Every row as plain text. */
  text(): string[] {
    return this.#rows.map((_, row) => this.rowText(row));
  }

  /** A row with the SGR sequences that style it, starting and ending in the default look. */
  rowAnsi(row: number): string {
    let out = "";
    let style = "";
    for (const cell of this.#rows[row] ?? []) {
      if (cell.ch === "") continue;
      if (cell.style !== style) {
        out += ansi.reset + ansi.sgr(cell.style);
        style = cell.style;
      }
      out += cell.ch;
    }
    return style === "" ? out : out + ansi.reset;
  }

  #set(cells: Cell[], x: number, ch: string, style: string): void {
    const cell = cells[x];
    if (!cell) return;
    // Overwriting half of a wide character blanks the other half.
    if (cell.ch === "" && ch !== "" && x > 0) cells[x - 1]!.ch = " ";
    const next = cells[x + 1];
    if (next?.ch === "" && ch !== "" && charWidth(cell.ch) === 2) next.ch = " ";
    cell.ch = ch;
    cell.style = style;
  }
}

function blankRow(width: number): Cell[] {
  return Array.from({ length: width }, () => ({ ch: " ", style: "" }));
}
