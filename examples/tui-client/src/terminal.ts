/**
 * The real terminal: alternate screen, raw mode and keypress events on the way in, and all of
 * it undone on the way out (`restore` is idempotent and synchronous, so exit and crash handlers
 * can call it). Resizes are reported through the output stream's `resize` event (SIGWINCH).
 */
import { emitKeypressEvents } from "node:readline";
import { ansi } from "./ansi.ts";
import type { Key } from "./line-editor.ts";

export interface TerminalHandlers {
  key(input: string | undefined, key: Key): void;
  resize(): void;
}

export interface TerminalStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export class Terminal {
  readonly #input: NodeJS.ReadStream;
  readonly #output: NodeJS.WriteStream;
  #active = false;
  #detach: (() => void) | undefined;

  constructor(streams: TerminalStreams) {
    this.#input = streams.input;
    this.#output = streams.output;
  }

  get columns(): number {
    return this.#output.columns || 80;
  }

  get rows(): number {
    return this.#output.rows || 24;
  }

  get active(): boolean {
    return this.#active;
  }

  /** Take over the terminal. */
  start(handlers: TerminalHandlers): void {
    if (this.#active) throw new Error("terminal already started");
    if (!this.#input.isTTY || !this.#output.isTTY) {
      throw new Error("lair-chat-tui needs an interactive terminal (stdin and stdout must be a TTY)");
    }
    this.#active = true;
    emitKeypressEvents(this.#input);
    this.#input.setRawMode(true);
    this.#input.resume();
    const onKey = (input: string | undefined, key: Key | undefined) =>
      handlers.key(input, key ?? { sequence: input });
    const onResize = () => handlers.resize();
    this.#input.on("keypress", onKey);
    this.#output.on("resize", onResize);
    this.#detach = () => {
      this.#input.off("keypress", onKey);
      this.#output.off("resize", onResize);
    };
    this.write(ansi.enterAltScreen + ansi.autoWrapOff + ansi.hideCursor + ansi.clearScreen);
  }

  write(data: string): void {
    if (this.#active) this.#output.write(data);
  }

  /** Give the terminal back as it was: main screen, cursor shown, cooked mode. */
  restore(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#detach?.();
    this.#detach = undefined;
    this.#output.write(ansi.reset + ansi.autoWrapOn + ansi.showCursor + ansi.leaveAltScreen);
    try {
      this.#input.setRawMode(false);
    } catch {
      // The terminal may be gone already (hangup); nothing left to restore.
    }
    this.#input.pause();
  }
}
