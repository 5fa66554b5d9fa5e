/** The right column of a room: its members, online first, each with a presence dot. */
import type { ChatState } from "@lair-chat/client";
import type { RoomMember } from "@lair-chat/protocol";
import { h, replaceChildren } from "../dom.ts";
import { avatar } from "./avatar.ts";
import { icon } from "./icon.ts";

const ROLE_ORDER = { owner: 0, moderator: 1, member: 2 } as const;

export interface MembersPanelOptions {
  state: ChatState;
  /** Open a direct conversation with a member. */
  message(userId: string): void;
}

export class MembersPanel {
  readonly element: HTMLElement;
  readonly #options: MembersPanelOptions;
  #roomId: string | undefined;

  constructor(options: MembersPanelOptions) {
    this.#options = options;
    this.element = h("aside", {
      class: "members",
      data: { testid: "members" },
      attrs: { "aria-label": "Members" },
    });
    this.element.hidden = true;
  }

  get roomId(): string | undefined {
    return this.#roomId;
  }

  show(roomId: string | undefined): void {
    this.#roomId = roomId;
    this.render();
  }

  render(): void {
    const roomId = this.#roomId;
    if (roomId === undefined) {
      this.element.replaceChildren();
      return;
    }
    const { state } = this.#options;
    const selfId = state.me?.id;
    const members = state
      .members(roomId)
      .sort(
        (a, b) =>
          Number(b.is_online) - Number(a.is_online) ||
          ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
          a.username.localeCompare(b.username),
      );
    const online = members.filter((m) => m.is_online).length;
    replaceChildren(
      this.element,
      h("div", { class: "section-head" }, h("span", null, `Members — ${online}/${members.length} online`)),
      members.map((member) => this.#row(member, member.user_id === selfId)),
    );
  }

  #row(member: RoomMember, self: boolean): HTMLElement {
    return h(
      "div",
      {
        class: "member",
        data: { userId: member.user_id, online: String(member.is_online), testid: "member" },
        attrs: { title: self ? "You" : `Message ${member.username}` },
      },
      avatar(member.user_id, member.username, { online: member.is_online, small: true }),
      h(
        "span",
        { class: "member-name" },
        member.username,
        self ? h("span", { class: "muted" }, " (you)") : null,
      ),
      member.role === "member" ? null : h("span", { class: "role" }, member.role),
      self
        ? null
        : h(
            "button",
            {
              class: "icon-btn",
              attrs: {
                type: "button",
                title: `Message ${member.username}`,
                "aria-label": `Message ${member.username}`,
              },
              on: { click: () => this.#options.message(member.user_id) },
            },
            icon("mail"),
          ),
    );
  }
}
