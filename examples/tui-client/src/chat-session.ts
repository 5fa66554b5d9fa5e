/**
 * The signed-in user's conversations as the chat screen sees them: which one is open, the
 * scroll position and history paging of each, the sidebar and members lists, marking read.
 * No drawing and no keys here (see chat-screen.ts), no commands (command-runner.ts).
 */
import type { LairClient } from "@lair-chat/client";
import { type DisplayLine, timelineLines } from "./message-lines.ts";
import { dmPartner, type PeopleDirectory } from "./people-directory.ts";
import { Scrollback } from "./scrollback.ts";
import type { MemberEntry } from "./views/members-view.ts";
import type { SidebarEntry } from "./views/room-list-view.ts";
import type { TitleModel } from "./views/title-bar.ts";

/** Where a conversation's messages go. */
export type Target = { type: "room"; room_id: string } | { type: "dm"; recipient: string };

export interface ConversationView {
  key: string;
  target: Target;
  scroll: Scrollback;
  /** Whether older messages exist on the server; undefined until the first page arrives. */
  hasMore: boolean | undefined;
  loadingOlder: boolean;
}

export interface SessionHooks {
  /** Something the screen shows changed. */
  changed(): void;
  notify(text: string, kind: "info" | "error"): void;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ChatSession {
  readonly #client: LairClient;
  readonly #people: PeopleDirectory;
  readonly #hooks: SessionHooks;
  readonly #views = new Map<string, ConversationView>();
  #current: ConversationView | undefined;
  #markReadTimer: ReturnType<typeof setTimeout> | undefined;
  /** Conversations to mark read, each up to the message id the reader saw. */
  readonly #toMarkRead = new Map<string, string>();

  constructor(client: LairClient, people: PeopleDirectory, hooks: SessionHooks) {
    this.#client = client;
    this.#people = people;
    this.#hooks = hooks;
  }

  get current(): ConversationView | undefined {
    return this.#current;
  }

  /** Open a conversation: load its newest messages (first time) and its members. */
  open(target: Target): ConversationView {
    const { state } = this.#client;
    const key = target.type === "room" ? state.roomKey(target.room_id) : state.dmKey(target.recipient);
    let view = this.#views.get(key);
    if (!view) {
      view = { key, target, scroll: new Scrollback(), hasMore: undefined, loadingOlder: false };
      this.#views.set(key, view);
      const opened = view;
      this.#client.loadHistory(target).then(
        ({ hasMore }) => {
          opened.hasMore = hasMore;
          this.#hooks.changed();
        },
        (error: unknown) => {
          opened.hasMore = false;
          this.#hooks.notify(`Could not load messages: ${errorText(error)}`, "error");
        },
      );
    }
    if (target.type === "dm") this.#people.touch(target.recipient);
    this.#current = view;
    this.refreshMembers();
    this.markReadSoon();
    this.#hooks.changed();
    return view;
  }

  /** Forget a conversation (left the room); opens the next one, if any. */
  close(key: string): void {
    this.#views.delete(key);
    if (this.#current?.key !== key) return;
    this.#current = undefined;
    const next = this.entries().find((entry) => entry.key !== key);
    if (next) this.open(this.targetOf(next));
    else this.#hooks.changed();
  }

  /** Fetch the open room's member list (presence included). */
  refreshMembers(): void {
    const target = this.#current?.target;
    if (target?.type === "room") this.#client.rooms.members(target.room_id, { limit: 200 }).catch(() => {});
  }

  targetOf(entry: SidebarEntry): Target {
    const selfId = this.#client.state.me?.id ?? "";
    return entry.kind === "room"
      ? { type: "room", room_id: entry.key.slice("room:".length) }
      : { type: "dm", recipient: dmPartner(entry.key, selfId) ?? "" };
  }

  /** The sidebar: joined rooms by name, then direct conversations. */
  sidebar(): { rooms: SidebarEntry[]; dms: SidebarEntry[] } {
    const { state } = this.#client;
    const rooms = state.joinedRooms
      .map(({ room }) => ({ key: state.roomKey(room.id), name: room.name, kind: "room" as const }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => ({ ...entry, unread: state.unread(entry.key) }));
    const dms = this.#people.partners().map((userId) => {
      const key = state.dmKey(userId);
      return {
        key,
        name: this.#people.username(userId),
        kind: "dm" as const,
        unread: state.unread(key),
        online: state.isOnline(userId),
      };
    });
    return { rooms, dms };
  }

  entries(): SidebarEntry[] {
    const { rooms, dms } = this.sidebar();
    return [...rooms, ...dms];
  }

  /** Open the next (1) or previous (-1) conversation in the sidebar. */
  cycle(direction: 1 | -1): void {
    const entries = this.entries();
    if (entries.length === 0) return;
    const index = entries.findIndex((entry) => entry.key === this.#current?.key);
    const next = entries[(index + direction + entries.length) % entries.length]!;
    this.open(this.targetOf(next));
  }

  /** Scroll up a page; past the top, fetch the page before the oldest message loaded. */
  pageUp(height: number): void {
    const view = this.#current;
    if (!view) return;
    const wasAtTop = view.scroll.atTop(height);
    const atTop = view.scroll.pageUp(height);
    if ((atTop || wasAtTop) && view.hasMore && !view.loadingOlder) {
      view.loadingOlder = true;
      view.scroll.expectPrepend();
      this.#client.loadOlder(view.target).then(
        ({ hasMore }) => {
          view.hasMore = hasMore;
          view.loadingOlder = false;
          this.#hooks.changed();
        },
        (error: unknown) => {
          view.loadingOlder = false;
          this.#hooks.notify(`Could not load older messages: ${errorText(error)}`, "error");
        },
      );
    }
    this.#hooks.changed();
  }

  pageDown(height: number): void {
    this.#current?.scroll.pageDown(height);
    this.markReadSoon();
    this.#hooks.changed();
  }

  /**
   * Mark the open conversation read shortly (once per burst of messages) up to its newest
   * message, when the reader is looking at the newest message now. Only what was on screen is
   * marked: a message that arrives after the reader switched away stays unread.
   */
  markReadSoon(): void {
    const view = this.#current;
    if (!view?.scroll.atBottom) return;
    const newest = this.#client.state.timeline(view.key).newest;
    if (!newest) return;
    this.#toMarkRead.set(view.key, newest.id);
    this.#markReadTimer ??= setTimeout(() => {
      this.#markReadTimer = undefined;
      const { state } = this.#client;
      for (const [key, upTo] of this.#toMarkRead) {
        const target = this.#views.get(key)?.target;
        if (target && state.unread(key) > 0) this.#client.markRead(target, upTo).catch(() => {});
      }
      this.#toMarkRead.clear();
    }, 150);
  }

  /** The open conversation's lines at `width` columns. */
  lines(width: number): DisplayLine[] {
    const view = this.#current;
    if (!view) return [];
    const { state } = this.#client;
    return timelineLines(state.timeline(view.key).items, width, {
      selfId: state.me?.id,
      username: (userId, hint) => this.#people.username(userId, hint),
    });
  }

  title(): TitleModel {
    const target = this.#current?.target;
    const { state } = this.#client;
    if (!target) return {};
    if (target.type === "dm") {
      return {
        title: `@${this.#people.username(target.recipient)}`,
        subtitle: state.isOnline(target.recipient) ? "online" : "offline",
      };
    }
    const entry = state.room(target.room_id);
    const count = state.members(target.room_id).length || entry?.memberCount;
    const parts = [
      entry?.room.settings.description ?? "",
      count ? `${count} member${count === 1 ? "" : "s"}` : "",
    ];
    return { title: `#${entry?.room.name ?? "…"}`, subtitle: parts.filter(Boolean).join(" · ") };
  }

  /** The members panel's list: the room's members, or both people of a DM. */
  members(): MemberEntry[] {
    const target = this.#current?.target;
    const { state } = this.#client;
    const me = state.me;
    if (!target || !me) return [];
    if (target.type === "dm") {
      return [
        { userId: me.id, username: me.username, online: true, role: "member" },
        {
          userId: target.recipient,
          username: this.#people.username(target.recipient),
          online: state.isOnline(target.recipient),
          role: "member",
        },
      ];
    }
    return state.members(target.room_id).map((m) => ({
      userId: m.user_id,
      username: m.username,
      online: m.user_id === me.id ? this.#client.connectionState === "connected" : m.is_online,
      role: m.role,
    }));
  }

  /** `bob is typing…` for the open conversation. */
  typingText(): string | undefined {
    const view = this.#current;
    if (!view) return undefined;
    const names = this.#client.state.typing(view.key).map((id) => this.#people.username(id));
    if (names.length === 0) return undefined;
    if (names.length === 1) return `${names[0]} is typing…`;
    if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
    return "several people are typing…";
  }

  /** Forget everything (sign-out). */
  reset(): void {
    clearTimeout(this.#markReadTimer);
    this.#markReadTimer = undefined;
    this.#toMarkRead.clear();
    this.#views.clear();
    this.#current = undefined;
  }
}
