/**
 * Fitting text into columns: word wrapping for the chat pane, truncation with an ellipsis for
 * fixed-width cells. Widths are terminal columns (see text-width.ts), not string lengths.
 */
import { charWidth, textWidth } from "./text-width.ts";

/** Cut text to at most `width` columns (never splitting a wide character). */
export function sliceColumns(text: string, width: number): string {
  let out = "";
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width) break;
    out += char;
    used += w;
  }
  return out;
}

/** Text that fits `width` columns, ending in `…` when it was cut. */
export function truncate(text: string, width: number): string {
  if (!Number.isInteger(width) || width < 0) throw new RangeError("width must be a non-negative integer");
  if (textWidth(text) <= width) return text;
  if (width === 0) return "";
  return `${sliceColumns(text, width - 1)}…`;
}

/** Text padded with spaces (or truncated) to exactly `width` columns. */
export function fit(text: string, width: number): string {
  const cut = truncate(text, width);
  return cut + " ".repeat(Math.max(0, width - textWidth(cut)));
}

/** Split a word wider than `width` into pieces that fit. */
function breakWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = word;
  while (textWidth(rest) > width) {
    const piece = sliceColumns(rest, width);
    // A wide character in a one-column box: place it anyway rather than loop forever.
    const take = piece === "" ? [...rest][0]! : piece;
    pieces.push(take);
    rest = rest.slice(take.length);
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}

/**
 * Word-wrap one line of text (no line breaks in it) to lines of at most `width` columns. Runs of
 * spaces between words collapse to one at a break; words longer than a line are split. Empty
 * text gives one empty line.
 */
export function wrapLine(text: string, width: number): string[] {
  if (!Number.isInteger(width) || width < 1) throw new RangeError("width must be a positive integer");
  const lines: string[] = [];
  let current = "";
  let currentWidth = 0;
  for (const token of text.split(/( +)/)) {
    if (token === "") continue;
    const w = textWidth(token);
    if (token.startsWith(" ")) {
      // Spacing inside a line is kept; at a break it is dropped, and so is a continuation's indent.
      if (lines.length > 0 && currentWidth === 0) continue;
      if (currentWidth + w <= width) {
        current += token;
        currentWidth += w;
      } else if (currentWidth > 0) {
        lines.push(current.trimEnd());
        current = "";
        currentWidth = 0;
      }
      continue;
    }
    if (currentWidth + w <= width) {
      current += token;
      currentWidth += w;
      continue;
    }
    if (currentWidth > 0) lines.push(current.trimEnd());
    const pieces = w > width ? breakWord(token, width) : [token];
    for (const piece of pieces.slice(0, -1)) lines.push(piece);
    current = pieces.at(-1) ?? "";
    currentWidth = textWidth(current);
  }
  lines.push(current.trimEnd());
  return lines;
}

/** Word-wrap several lines (a message body split at its line breaks). */
export function wrapLines(lines: readonly string[], width: number): string[] {
  return lines.flatMap((line) => wrapLine(line, width));
}
