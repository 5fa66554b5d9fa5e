/**
 * The left column: who is signed in, joined rooms and direct messages with unread badges, and
 * pending invitations with accept/decline. Re-rendered whole on change: it is small.
 */
import type { ChatState } from "@lair-chat/client";
import type { EnrichedInvitation } from "@lair-chat/protocol";
import { h, replaceChildren } from "../dom.ts";
import { avatar } from "./avatar.ts";
import { type IconName, icon } from "./icon.ts";

export interface SidebarOptions {
  state: ChatState;
  /** Whether the real-time connection is up (our own presence dot). */
  connected(): boolean;
  /** Key of the open conversation. */
  current(): string | undefined;
  open(conversation: string): void;
  /** User ids we have a direct conversation with, most recent first. */
  dmPartners(): string[];
  username(userId: string): string;
  createRoom(): void;
  browseRooms(): void;
  newDm(): void;
  logout(): void;
  accept(invitation: EnrichedInvitation): void;
  decline(invitation: EnrichedInvitation): void;
}

export class Sidebar {
  readonly element: HTMLElement;
  readonly #options: SidebarOptions;
  readonly #me: HTMLElement;
  readonly #scroll: HTMLElement;

  constructor(options: SidebarOptions) {
    this.#options = options;
    this.#me = h("div", { class: "me" });
    this.#scroll = h("nav", { class: "sidebar-scroll", attrs: { "aria-label": "Conversations" } });
    this.element = h("aside", { class: "sidebar", data: { testid: "sidebar" } }, this.#me, this.#scroll);
    this.render();
  }

  render(): void {
    const { state } = this.#options;
    const me = state.me;
    if (me) {
      replaceChildren(
        this.#me,
        avatar(me.id, me.username, { online: this.#options.connected() }),
        h("span", { class: "me-name", data: { testid: "me-name" } }, me.username),
        h(
          "button",
          {
            class: "icon-btn",
            attrs: { type: "button", title: "Sign out", "aria-label": "Sign out" },
            data: { testid: "sign-out" },
            on: { click: this.#options.logout },
          },
          icon("logout"),
        ),
      );
    }
    replaceChildren(this.#scroll, this.#invitations(), this.#rooms(), this.#dms());
  }

  #rooms(): HTMLElement[] {
    const { state } = this.#options;
    const rooms = state.rooms
      .filter((entry) => entry.isMember)
      .sort((a, b) => a.room.name.localeCompare(b.room.name));
    return [
      sectionHead(
        "Rooms",
        h(
          "span",
          null,
          headButton("Browse rooms", "search", this.#options.browseRooms, "browse-rooms"),
          headButton("Create a room", "plus", this.#options.createRoom, "create-room"),
        ),
      ),
      rooms.length === 0
        ? h("p", { class: "empty-hint" }, "No rooms yet. Browse or create one.")
        : h(
            "ul",
            { class: "nav-list", data: { testid: "room-list" } },
            rooms.map((entry) =>
              this.#item(
                state.roomKey(entry.room.id),
                h("span", { class: "hash" }, icon(entry.room.settings.is_private ? "lock" : "hash", 14)),
                entry.room.name,
                {
                  roomId: entry.room.id,
                },
              ),
            ),
          ),
    ];
  }

  #dms(): HTMLElement[] {
    const { state } = this.#options;
    const partners = this.#options.dmPartners();
    return [
      sectionHead("Direct messages", headButton("New direct message", "plus", this.#options.newDm, "new-dm")),
      partners.length === 0
        ? h("p", { class: "empty-hint" }, "No direct messages yet.")
        : h(
            "ul",
            { class: "nav-list", data: { testid: "dm-list" } },
            partners.map((userId) => {
              const name = this.#options.username(userId);
              return this.#item(
                state.dmKey(userId),
                avatar(userId, name, { online: state.isOnline(userId), small: true }),
                name,
                { userId },
              );
            }),
          ),
    ];
  }

  #invitations(): HTMLElement[] {
    const invitations = this.#options.state.invitations.filter((i) => i.status === "pending");
    if (invitations.length === 0) return [];
    return [
      sectionHead("Invitations", null),
      h(
        "div",
        { data: { testid: "invitations" } },
        invitations.map((invitation) =>
          h(
            "div",
            { class: "invite-card", data: { invitationId: invitation.id } },
            h("strong", null, invitation.inviter_name),
            " invited you to ",
            h("strong", null, `#${invitation.room_name}`),
            invitation.message ? h("div", { class: "muted" }, invitation.message) : null,
            h(
              "div",
              { class: "actions" },
              h(
                "button",
                {
                  class: "btn btn-primary btn-small",
                  attrs: { type: "button" },
                  data: { testid: "accept-invitation" },
                  on: { click: () => this.#options.accept(invitation) },
                },
                "Accept",
              ),
              h(
                "button",
                {
                  class: "btn btn-small",
                  attrs: { type: "button" },
                  data: { testid: "decline-invitation" },
                  on: { click: () => this.#options.decline(invitation) },
                },
                "Decline",
              ),
            ),
          ),
        ),
      ),
    ];
  }

  #item(conversation: string, icon: HTMLElement, label: string, data: Record<string, string>): HTMLLIElement {
    const unread = this.#options.state.unread(conversation);
    const current = this.#options.current() === conversation;
    return h(
      "li",
      null,
      h(
        "button",
        {
          class: { "nav-item": true, "has-unread": unread > 0 && !current },
          attrs: { type: "button", "aria-current": String(current) },
          data: { conversation, ...data },
          on: { click: () => this.#options.open(conversation) },
        },
        icon,
        h("span", { class: "nav-label" }, label),
        unread > 0 && !current
          ? h(
              "span",
              {
                class: "badge",
                data: { testid: "unread-badge" },
                attrs: { "aria-label": `${unread} unread` },
              },
              unread > 99 ? "99+" : unread,
            )
          : null,
      ),
    );
  }
}

function sectionHead(title: string, action: HTMLElement | null): HTMLElement {
  return h("div", { class: "section-head" }, h("span", null, title), action);
}

function headButton(title: string, name: IconName, onClick: () => void, testid: string): HTMLElement {
  return h(
    "button",
    {
      class: "icon-btn",
      attrs: { type: "button", title, "aria-label": title },
      data: { testid },
      on: { click: onClick },
    },
    icon(name),
  );
}
