/**
 * The scrolling message list of one conversation. Rows are keyed by the timeline's stable key,
 * so a message going from pending to sent keeps its row; only rows whose rendering changed are
 * rebuilt. Scrolling to the top loads older pages, keeping the reader's place; new messages
 * scroll into view only when the reader is already at the bottom.
 */
import type { TimelineItem } from "@lair-chat/client";
import { h } from "../dom.ts";
import { type MessageActions, type MessageRowInput, messageRow, rowSignature } from "./message-item.ts";

/** Runs of one author closer than this share one header. */
const GROUP_GAP_MS = 5 * 60_000;
/** Load older messages when the reader is this close to the top, in px. */
const LOAD_THRESHOLD = 120;

export interface MessageListOptions {
  selfId: string;
  /** Display name of a user id. */
  username(userId: string, fallback?: string): string;
  /** Load the page before the oldest shown. */
  loadOlder(): Promise<{ hasMore: boolean }>;
  actions: MessageActions;
}

interface Row {
  element: HTMLLIElement;
  signature: string;
}

export class MessageList {
  readonly element: HTMLElement;
  readonly #list: HTMLOListElement;
  readonly #head: HTMLElement;
  readonly #options: MessageListOptions;
  readonly #rows = new Map<string, Row>();
  #items: readonly TimelineItem[] = [];
  #hasMore = true;
  /** False until the first page is in: before that there is nothing to be older than. */
  #ready = false;
  #loading = false;
  #disposed = false;

  constructor(options: MessageListOptions) {
    this.#options = options;
    this.#head = h("div", { class: "history-state", data: { testid: "history-state" } });
    this.#list = h("ol", { class: "message-list", attrs: { "aria-live": "polite" } });
    this.element = h(
      "div",
      {
        class: "messages",
        data: { testid: "messages" },
        attrs: { tabindex: 0, role: "log", "aria-label": "Messages" },
        on: { scroll: () => this.#maybeLoadOlder() },
      },
      this.#head,
      this.#list,
    );
    // We keep the reader's place ourselves; the browser's anchoring would move it twice.
    this.element.style.overflowAnchor = "none";
    this.#renderHead();
  }

  /** Whether older pages may exist (from the last history call). */
  setHasMore(hasMore: boolean): void {
    this.#hasMore = hasMore;
    this.#ready = true;
    this.#renderHead();
    this.#fillViewport();
  }

  /** Show this timeline snapshot. */
  update(items: readonly TimelineItem[]): void {
    if (items === this.#items) return;
    const scroller = this.element;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 48;
    const anchor = atBottom ? undefined : this.#topVisibleRow();
    const anchorOffset = anchor ? anchor.offsetTop - scroller.scrollTop : 0;

    this.#items = items;
    this.#reconcile(items);

    if (atBottom) this.scrollToBottom();
    else if (anchor?.isConnected) scroller.scrollTop = anchor.offsetTop - anchorOffset;
    this.#fillViewport();
  }

  scrollToBottom(): void {
    this.element.scrollTop = this.element.scrollHeight;
  }

  dispose(): void {
    this.#disposed = true;
  }

  #reconcile(items: readonly TimelineItem[]): void {
    const seen = new Set<string>();
    let previous: TimelineItem | undefined;
    let cursor: ChildNode | null = this.#list.firstChild;
    for (const item of items) {
      const input = this.#rowInput(item, previous);
      previous = item;
      seen.add(item.key);
      const signature = rowSignature(input);
      let row = this.#rows.get(item.key);
      if (!row || (row.signature !== signature && !row.element.dataset.editing)) {
        const element = messageRow(input, this.#options.actions);
        if (row) {
          if (cursor === row.element) cursor = element;
          row.element.replaceWith(element);
        }
        row = { element, signature };
        this.#rows.set(item.key, row);
      }
      if (row.element !== cursor) this.#list.insertBefore(row.element, cursor);
      else cursor = cursor.nextSibling;
    }
    for (const [key, row] of this.#rows) {
      if (seen.has(key)) continue;
      row.element.remove();
      this.#rows.delete(key);
    }
  }

  #rowInput(item: TimelineItem, previous: TimelineItem | undefined): MessageRowInput {
    const m = item.message;
    const first =
      !previous ||
      previous.message.author !== m.author ||
      Date.parse(m.created_at) - Date.parse(previous.message.created_at) > GROUP_GAP_MS;
    return {
      item,
      author: this.#options.username(m.author, item.authorUsername),
      own: m.author === this.#options.selfId,
      first,
    };
  }

  #topVisibleRow(): HTMLElement | undefined {
    const top = this.element.scrollTop;
    for (const row of this.#list.children) {
      const element = row as HTMLElement;
      if (element.offsetTop + element.offsetHeight > top) return element;
    }
    return undefined;
  }

  #renderHead(): void {
    this.#head.textContent = this.#loading
      ? "Loading older messages…"
      : this.#hasMore
        ? ""
        : "This is the beginning of the conversation.";
  }

  #maybeLoadOlder(): void {
    if (this.element.scrollTop < LOAD_THRESHOLD) void this.#loadOlder();
  }

  /** Keep loading while the content is too short to scroll (else no scroll event can ask). */
  #fillViewport(): void {
    if (this.element.scrollHeight <= this.element.clientHeight + LOAD_THRESHOLD) void this.#loadOlder();
  }

  async #loadOlder(): Promise<void> {
    if (!this.#ready || this.#loading || !this.#hasMore || this.#disposed || !this.element.isConnected)
      return;
    this.#loading = true;
    this.#renderHead();
    const before = this.#items;
    let grew = false;
    try {
      const { hasMore } = await this.#options.loadOlder();
      this.#hasMore = hasMore;
      grew = this.#items !== before;
    } catch {
      // Stay quiet: the next scroll to the top tries again.
    } finally {
      this.#loading = false;
      this.#renderHead();
    }
    if (grew) this.#fillViewport();
  }
}
