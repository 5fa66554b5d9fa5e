/** Create a room, and browse the public room directory to join one. */
import type { RoomListItem } from "@lair-chat/protocol";
import { h, replaceChildren } from "../dom.ts";
import { errorText } from "../format.ts";
import { dialogForm, openDialog, textField } from "./dialog.ts";

export interface CreateRoomInput {
  name: string;
  description: string;
  isPrivate: boolean;
}

export function createRoomDialog(create: (input: CreateRoomInput) => Promise<void>): void {
  openDialog("create-room-dialog", (close) => [
    h("h3", null, "Create a room"),
    h("p", { class: "muted" }, "Rooms are where groups talk. Private rooms are invitation only."),
    dialogForm(
      [
        textField("Name", "name", { required: true, placeholder: "e.g. general" }),
        textField("Description", "description", { placeholder: "What is it about? (optional)" }),
        h(
          "label",
          { class: "check" },
          h("input", { attrs: { type: "checkbox", name: "private" } }),
          "Private (invitation only)",
        ),
      ],
      "Create",
      close,
      (data) =>
        create({
          name: String(data.get("name") ?? "").trim(),
          description: String(data.get("description") ?? "").trim(),
          isPrivate: data.get("private") === "on",
        }),
    ),
  ]);
}

export interface DirectoryOptions {
  list(search: string): Promise<RoomListItem[]>;
  join(roomId: string): Promise<void>;
  open(roomId: string): void;
}

export function roomDirectoryDialog(options: DirectoryOptions): void {
  openDialog("directory-dialog", (close) => {
    const list = h("ul", { class: "directory-list", data: { testid: "directory-list" } });
    const status = h("p", { class: "muted" }, "Loading…");
    let query = 0;
    const load = (search: string) => {
      const mine = ++query;
      options.list(search).then(
        (rooms) => {
          if (mine !== query) return;
          status.textContent = rooms.length === 0 ? "No public rooms match." : "";
          replaceChildren(
            list,
            rooms.map((item) => row(item)),
          );
        },
        (error: unknown) => {
          if (mine === query) status.textContent = errorText(error);
        },
      );
    };
    const row = (item: RoomListItem): HTMLElement => {
      const button = h(
        "button",
        {
          class: item.is_member ? "btn btn-small" : "btn btn-primary btn-small",
          attrs: { type: "button" },
          data: { testid: "directory-join" },
        },
        item.is_member ? "Open" : "Join",
      );
      button.addEventListener("click", () => {
        if (item.is_member) {
          close();
          options.open(item.room.id);
          return;
        }
        button.disabled = true;
        options.join(item.room.id).then(
          () => {
            close();
            options.open(item.room.id);
          },
          (error: unknown) => {
            button.disabled = false;
            status.textContent = errorText(error);
          },
        );
      });
      return h(
        "li",
        { class: "directory-item", data: { roomId: item.room.id, roomName: item.room.name } },
        h(
          "div",
          { class: "info" },
          h("div", { class: "name" }, `#${item.room.name}`),
          h(
            "div",
            { class: "desc" },
            `${item.member_count} member${item.member_count === 1 ? "" : "s"}`,
            item.room.settings.description ? ` · ${item.room.settings.description}` : "",
          ),
        ),
        button,
      );
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const search = h("input", {
      class: "field",
      attrs: { type: "search", placeholder: "Search rooms", "aria-label": "Search rooms" },
      data: { testid: "directory-search" },
      on: {
        input: () => {
          clearTimeout(timer);
          timer = setTimeout(() => load(search.value.trim()), 200);
        },
      },
    });
    load("");
    return [
      h("h3", null, "Browse rooms"),
      search,
      status,
      list,
      h(
        "div",
        { class: "dialog-actions" },
        h("button", { class: "btn", attrs: { type: "button" }, on: { click: close } }, "Close"),
      ),
    ];
  });
}
