/**
 * The input line: insert and delete at a cursor, the usual readline keys (Ctrl-A/E/U/K/W,
 * Home/End, arrows), a history of submitted lines on Up/Down, and a view that scrolls
 * sideways so the cursor stays visible in a narrow field.
 */
import { charWidth, textWidth } from "./text-width.ts";

/** What node:readline's keypress events carry. */
export interface Key {
  name?: string | undefined;
  ctrl?: boolean | undefined;
  meta?: boolean | undefined;
  shift?: boolean | undefined;
  sequence?: string | undefined;
}

export interface LineEditorOptions {
  /** Most lines kept for Up/Down. @default 100 (0 keeps none, e.g. for passwords) */
  historySize?: number;
  /** Longest input, in code points. @default 4000 */
  maxLength?: number;
}

export class LineEditor {
  /** The text as code points, so the cursor never lands inside a surrogate pair. */
  #chars: string[] = [];
  #cursor = 0;
  readonly #history: string[] = [];
  /** Position while browsing history; equals history length when editing a new line. */
  #historyIndex = 0;
  #draft = "";
  readonly #historySize: number;
  readonly #maxLength: number;

  constructor(options: LineEditorOptions = {}) {
    this.#historySize = options.historySize ?? 100;
    this.#maxLength = options.maxLength ?? 4000;
  }

  get value(): string {
    return this.#chars.join("");
  }

  /** Cursor position, in code points from the start. */
  get cursor(): number {
    return this.#cursor;
  }

  set value(text: string) {
    this.#chars = [...text].slice(0, this.#maxLength);
    this.#cursor = this.#chars.length;
  }

  /** Insert typed or pasted text at the cursor (control characters are dropped). */
  insert(text: string): void {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: typed controls are keys, not text
    const chars = [...text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "")];
    const room = this.#maxLength - this.#chars.length;
    if (room <= 0 || chars.length === 0) return;
    const taken = chars.slice(0, room);
    this.#chars.splice(this.#cursor, 0, ...taken);
    this.#cursor += taken.length;
  }

  /** Empty the line and return what it held, remembering it in the history. */
  submit(): string {
    const line = this.value;
    if (line.trim() !== "" && this.#historySize > 0 && this.#history.at(-1) !== line) {
      this.#history.push(line);
      if (this.#history.length > this.#historySize) this.#history.shift();
    }
    this.#historyIndex = this.#history.length;
    this.#draft = "";
    this.clear();
    return line;
  }

  clear(): void {
    this.#chars = [];
    this.#cursor = 0;
  }

  /** Apply an editing key; false when the key is not an editing key (the caller handles it). */
  handleKey(input: string | undefined, key: Key): boolean {
    if (key.ctrl) {
      switch (key.name) {
        case "a":
          this.#cursor = 0;
          return true;
        case "e":
          this.#cursor = this.#chars.length;
          return true;
        case "u":
          this.#chars.splice(0, this.#cursor);
          this.#cursor = 0;
          return true;
        case "k":
          this.#chars.splice(this.#cursor);
          return true;
        case "w":
          this.#deleteWordBack();
          return true;
        case "b":
          this.#move(-1);
          return true;
        case "f":
          this.#move(1);
          return true;
        default:
          return false;
      }
    }
    switch (key.name) {
      case "left":
        this.#move(-1);
        return true;
      case "right":
        this.#move(1);
        return true;
      case "home":
        this.#cursor = 0;
        return true;
      case "end":
        this.#cursor = this.#chars.length;
        return true;
      case "backspace":
        if (key.meta) this.#deleteWordBack();
        else if (this.#cursor > 0) this.#chars.splice(--this.#cursor, 1);
        return true;
      case "delete":
        this.#chars.splice(this.#cursor, 1);
        return true;
      case "up":
        this.#browse(-1);
        return true;
      case "down":
        this.#browse(1);
        return true;
      default:
        break;
    }
    if (key.meta || input === undefined || input === "") return false;
    const printable = [...input].every((char) => char >= " " && char !== "\u007f");
    if (!printable) return false;
    this.insert(input);
    return true;
  }

  /**
   * What to show in a field `width` columns wide: the visible slice of the text (scrolled so
   * the cursor shows) and the cursor's column in it. `mask` replaces every character (passwords).
   */
  view(width: number, mask?: string): { text: string; cursorCol: number } {
    if (!Number.isInteger(width) || width < 1) throw new RangeError("width must be a positive integer");
    const chars = mask === undefined ? this.#chars : this.#chars.map(() => mask);
    const widths = chars.map((char) => charWidth(char));
    // Scroll so the cursor sits within the field, with the text left of it shown as far as fits.
    let start = this.#cursor;
    let used = 0;
    while (start > 0 && used + widths[start - 1]! <= width - 1) used += widths[--start]!;
    let text = "";
    let textWidthSoFar = 0;
    for (let i = start; i < chars.length; i++) {
      if (textWidthSoFar + widths[i]! > width) break;
      text += chars[i];
      textWidthSoFar += widths[i]!;
    }
    return { text, cursorCol: textWidth(chars.slice(start, this.#cursor).join("")) };
  }

  #move(delta: number): void {
    this.#cursor = Math.max(0, Math.min(this.#chars.length, this.#cursor + delta));
  }

  #deleteWordBack(): void {
    let start = this.#cursor;
    while (start > 0 && this.#chars[start - 1] === " ") start--;
    while (start > 0 && this.#chars[start - 1] !== " ") start--;
    this.#chars.splice(start, this.#cursor - start);
    this.#cursor = start;
  }

  #browse(direction: -1 | 1): void {
    const next = this.#historyIndex + direction;
    if (next < 0 || next > this.#history.length) return;
    if (this.#historyIndex === this.#history.length) this.#draft = this.value;
    this.#historyIndex = next;
    this.value = next === this.#history.length ? this.#draft : this.#history[next]!;
  }
}
