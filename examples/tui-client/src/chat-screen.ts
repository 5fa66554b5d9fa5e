/**
 * The chat screen: draws the title bar, room list, conversation, members, status and input
 * line into a frame, and routes keys: editing keys to the input line, Enter to the command
 * runner, PageUp/PageDown to the scroll-back, Tab to switch conversations.
 */
import type { ConnectionState } from "@lair-chat/client";
import type { ChatSession } from "./chat-session.ts";
import { parseCommand } from "./command-parser.ts";
import type { CommandRunner } from "./command-runner.ts";
import { chatLayout, fitsChat } from "./layout.ts";
import { type Key, LineEditor } from "./line-editor.ts";
import type { CursorPosition } from "./renderer.ts";
import type { ScreenBuffer } from "./screen-buffer.ts";
import { theme } from "./theme.ts";
import { drawChat, drawLines } from "./views/chat-view.ts";
import { drawHelp } from "./views/help-view.ts";
import { drawMembers } from "./views/members-view.ts";
import { drawRoomList } from "./views/room-list-view.ts";
import { drawStatusLine, type Notice, statusOf } from "./views/status-line.ts";
import { drawTitleBar } from "./views/title-bar.ts";

export interface ChatScreenContext {
  session: ChatSession;
  runner: CommandRunner;
  connectionState(): ConnectionState;
  username(): string | undefined;
  selfId(): string | undefined;
  /** E.g. `tcp 127.0.0.1:8080`. */
  via: string;
  /** Something changed: draw again. */
  changed(): void;
  quit(): void;
  typing(): void;
}

const WELCOME = [
  "Welcome to Lair Chat",
  "",
  "/join <room>     join a room",
  "/create <room>   create one",
  "/dm <user>       talk to someone directly",
  "/help            everything else",
];

export class ChatScreen {
  readonly editor = new LineEditor();
  notice: Notice | undefined;
  helpVisible = false;
  readonly #context: ChatScreenContext;
  /** Height of the conversation pane at the last draw (a page for PageUp/PageDown). */
  #pageHeight = 10;

  constructor(context: ChatScreenContext) {
    this.#context = context;
  }

  handleKey(input: string | undefined, key: Key): void {
    const { session } = this.#context;
    if (key.ctrl && (key.name === "c" || (key.name === "d" && this.editor.value === ""))) {
      this.#context.quit();
      return;
    }
    switch (key.name) {
      case "return":
      case "enter":
        this.#submit();
        return;
      case "pageup":
        session.pageUp(this.#pageHeight);
        return;
      case "pagedown":
        session.pageDown(this.#pageHeight);
        return;
      case "tab":
        session.cycle(key.shift ? -1 : 1);
        return;
      case "f1":
        this.helpVisible = !this.helpVisible;
        this.#context.changed();
        return;
      case "escape":
        this.helpVisible = false;
        this.#context.changed();
        return;
      default:
        break;
    }
    if (key.ctrl && (key.name === "n" || key.name === "p")) {
      session.cycle(key.name === "n" ? 1 : -1);
      return;
    }
    const before = this.editor.value;
    if (this.editor.handleKey(input, key)) {
      const value = this.editor.value;
      if (value !== before && value !== "" && !value.startsWith("/")) this.#context.typing();
      this.#context.changed();
    }
  }

  #submit(): void {
    const command = parseCommand(this.editor.submit());
    this.notice = undefined;
    if (command && command.kind !== "help") this.helpVisible = false;
    this.#context.changed();
    if (command) void this.#context.runner.run(command);
  }

  /** Draw into the frame; returns where the text cursor goes. */
  draw(buffer: ScreenBuffer): CursorPosition | undefined {
    const { width, height } = buffer;
    if (!fitsChat(width, height)) {
      buffer.write(0, 0, "Make the terminal bigger", theme.error);
      return undefined;
    }
    const { session } = this.#context;
    const view = session.current;
    const layout = chatLayout(width, height, { members: view !== undefined });
    drawTitleBar(buffer, layout.title, session.title());
    for (const x of layout.separators) {
      for (let y = layout.chat.y; y < layout.chat.y + layout.chat.height; y++)
        buffer.write(y, x, "│", theme.separator);
    }
    if (layout.rooms) drawRoomList(buffer, layout.rooms, { ...session.sidebar(), current: view?.key });
    this.#pageHeight = layout.chat.height;
    // One column of air on each side of the conversation.
    const pane = { ...layout.chat, x: layout.chat.x + 1, width: layout.chat.width - 2 };
    if (this.helpVisible) drawHelp(buffer, pane);
    else if (!view) {
      drawLines(buffer, pane, WELCOME);
    } else {
      drawChat(buffer, pane, {
        lines: session.lines(pane.width),
        scroll: view.scroll,
        hasMore: view.hasMore,
        loadingOlder: view.loadingOlder,
        empty: ["No messages yet", "", "Say hello!"],
      });
    }
    if (layout.members) drawMembers(buffer, layout.members, session.members(), this.#context.selfId());
    const user = this.#context.username();
    const typing = session.typingText();
    drawStatusLine(buffer, layout.status, {
      state: statusOf(this.#context.connectionState()),
      via: this.#context.via,
      ...(user === undefined ? {} : { user }),
      ...(this.notice ? { notice: this.notice } : {}),
      ...(typing === undefined ? {} : { typing }),
    });
    const prompt = view ? "> " : "› ";
    buffer.write(layout.input.y, 0, prompt, theme.heading);
    const field = this.editor.view(Math.max(1, width - prompt.length - 1));
    buffer.write(layout.input.y, prompt.length, field.text, theme.input);
    return { row: layout.input.y, col: prompt.length + field.cursorCol };
  }
}
