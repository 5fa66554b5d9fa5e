/**
 * The open conversation: header (name, topic or presence, actions), the message list with
 * scroll-back, who is typing, and the composer. One pane per conversation; the shell swaps it.
 */
import type { LairClient } from "@lair-chat/client";
import type { MessageTargetInput } from "@lair-chat/protocol";
import { h, replaceChildren } from "../dom.ts";
import { errorText } from "../format.ts";
import { AttachmentCache } from "./attachment-view.ts";
import { composer } from "./composer.ts";
import { icon } from "./icon.ts";
import { MessageList } from "./message-list.ts";
import { showToast } from "./toast.ts";

export interface ChatPaneOptions {
  client: LairClient;
  conversation: string;
  target: MessageTargetInput;
  username(userId: string): string;
  toggleMembers(): void;
  invite(roomId: string): void;
  leave(roomId: string): void;
  openDrawer(): void;
}

export class ChatPane {
  readonly element: HTMLElement;
  readonly conversation: string;
  readonly #options: ChatPaneOptions;
  readonly #header: HTMLElement;
  readonly #typing: HTMLElement;
  readonly #footer: HTMLElement;
  readonly #list: MessageList;
  readonly #attachments: AttachmentCache;
  #memberView: boolean | undefined;

  constructor(options: ChatPaneOptions) {
    this.#options = options;
    this.conversation = options.conversation;
    const { client, target } = options;
    const me = client.state.me;
    if (!me) throw new TypeError("ChatPane needs a signed-in client");
    this.#attachments = new AttachmentCache((id) => client.messages.downloadAttachment(id));
    this.#list = new MessageList({
      selfId: me.id,
      username: (id, fallback) => fallback ?? options.username(id),
      loadOlder: async () => {
        const result = await client.loadOlder(target);
        // Render now rather than on the next batch, so the list measures the real height.
        this.renderTimeline();
        return result;
      },
      actions: {
        edit: (id, content) => this.#report(client.edit(id, content)),
        delete: (id) => this.#report(client.delete(id)).catch(ignore),
        retry: (cmid) => void this.#report(client.retry(cmid)).catch(ignore),
        discard: (cmid) => void this.#report(client.discard(cmid)).catch(ignore),
        attachments: this.#attachments,
      },
    });
    this.#header = h("header", { class: "chat-header" });
    this.#typing = h("div", {
      class: "typing",
      data: { testid: "typing" },
      attrs: { "aria-live": "polite" },
    });
    this.#footer = h("div");
    this.element = h(
      "section",
      { class: "chat", data: { testid: "chat", conversation: options.conversation } },
      this.#header,
      this.#list.element,
      this.#typing,
      this.#footer,
    );
    this.renderHeader();
    this.renderTimeline();
    this.renderTyping();
    client.loadHistory(target).then(
      ({ hasMore }) => {
        this.renderTimeline();
        this.#list.setHasMore(hasMore);
      },
      (error: unknown) => {
        this.#list.setHasMore(false);
        showToast(`Could not load messages: ${errorText(error)}`);
      },
    );
    if (target.type === "room") client.rooms.members(target.room_id).catch(() => {});
  }

  renderTimeline(): void {
    this.#list.update(this.#options.client.state.timeline(this.conversation).items);
  }

  renderTyping(): void {
    const names = this.#options.client.state
      .typing(this.conversation)
      .map((id) => this.#options.username(id));
    this.#typing.textContent =
      names.length === 0
        ? ""
        : names.length === 1
          ? `${names[0]} is typing…`
          : names.length === 2
            ? `${names[0]} and ${names[1]} are typing…`
            : "Several people are typing…";
  }

  renderHeader(): void {
    const { client, target } = this.#options;
    const { state } = client;
    let title: string;
    let subtitle: string;
    const actions: HTMLElement[] = [];
    let isMember = true;
    if (target.type === "room") {
      const entry = state.room(target.room_id);
      isMember = entry?.isMember ?? false;
      title = entry ? `#${entry.room.name}` : "Room";
      const count = state.members(target.room_id).length || entry?.memberCount;
      subtitle = [entry?.room.settings.description, count ? `${count} member${count === 1 ? "" : "s"}` : ""]
        .filter(Boolean)
        .join(" · ");
      const role = entry?.membership?.role;
      if (isMember && (role === "owner" || role === "moderator")) {
        actions.push(button("Invite", () => this.#options.invite(target.room_id), "invite"));
      }
      actions.push(button("Members", this.#options.toggleMembers, "toggle-members"));
      if (isMember) actions.push(button("Leave", () => this.#options.leave(target.room_id), "leave-room"));
    } else {
      title = `@${this.#options.username(target.recipient)}`;
      subtitle = state.isOnline(target.recipient) ? "Online" : "Offline";
    }
    replaceChildren(
      this.#header,
      h(
        "button",
        {
          class: "icon-btn menu-btn",
          attrs: { type: "button", "aria-label": "Conversations" },
          on: { click: this.#options.openDrawer },
        },
        icon("menu", 18),
      ),
      h(
        "div",
        { class: "chat-title" },
        h("h2", { data: { testid: "chat-title" } }, title),
        h("p", null, subtitle),
      ),
      h("div", { class: "header-actions" }, actions),
    );
    if (this.#memberView !== isMember) {
      this.#memberView = isMember;
      this.#renderFooter(isMember);
    }
  }

  /** True when the reader can see the newest messages (to decide on marking read). */
  get atBottom(): boolean {
    const el = this.#list.element;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  }

  dispose(): void {
    this.#list.dispose();
    this.#attachments.dispose();
  }

  #renderFooter(isMember: boolean): void {
    const { client, target } = this.#options;
    if (!isMember) {
      replaceChildren(this.#footer, h("p", { class: "placeholder" }, "You are not a member of this room."));
      return;
    }
    const placeholder =
      target.type === "room"
        ? `Message ${client.state.room(target.room_id) ? `#${client.state.room(target.room_id)?.room.name}` : "the room"}`
        : `Message @${this.#options.username(target.recipient)}`;
    replaceChildren(
      this.#footer,
      composer({
        placeholder,
        send: async (content) => {
          this.#list.scrollToBottom();
          await this.#report(client.send(target, content));
        },
        typing: () => client.typing(target),
        sendFile: async (file, onProgress) => {
          this.#list.scrollToBottom();
          await this.#report(client.messages.sendFile(target, file, { onProgress }));
        },
      }),
    );
  }

  async #report<T>(work: Promise<T>): Promise<void> {
    try {
      await work;
    } catch (error) {
      showToast(errorText(error));
      throw error;
    }
  }
}

const ignore = () => {};

function button(label: string, onClick: () => void, testid: string): HTMLElement {
  return h(
    "button",
    { class: "btn btn-small", attrs: { type: "button" }, data: { testid }, on: { click: onClick } },
    label,
  );
}
