/**
 * One message row: avatar and author on the first of a run, the text (always as text), an
 * edited mark, a delivery status for our own unsent messages, and edit/delete for our own.
 */
import type { TimelineItem } from "@lair-chat/client";
import { h } from "../dom.ts";
import { formatTime } from "../format.ts";
import { type AttachmentCache, attachmentsView } from "./attachment-view.ts";
import { avatar } from "./avatar.ts";
import { icon } from "./icon.ts";

export interface MessageActions {
  edit(messageId: string, content: string): Promise<void>;
  delete(messageId: string): Promise<void>;
  retry(clientMessageId: string): void;
  discard(clientMessageId: string): void;
  /** Loads image previews and file downloads. */
  attachments: AttachmentCache;
}

export interface MessageRowInput {
  item: TimelineItem;
  author: string;
  own: boolean;
  /** First of a run by the same author: shows avatar, name and time. */
  first: boolean;
}

/** Changes whenever the row would render differently. */
export function rowSignature({ item, author, own, first }: MessageRowInput): string {
  const m = item.message;
  const files = m.attachments?.map((a) => a.id);
  return JSON.stringify([
    m.id,
    m.content,
    m.edited,
    item.status,
    item.error?.message,
    author,
    own,
    first,
    files,
  ]);
}

export function messageRow(input: MessageRowInput, actions: MessageActions): HTMLLIElement {
  const { item, author, own, first } = input;
  const message = item.message;
  const row = h(
    "li",
    {
      class: { message: true, first, own },
      data: { id: message.id, key: item.key, status: item.status, author: message.author },
    },
    avatar(message.author, author),
    h(
      "div",
      { class: "message-head" },
      h("span", { class: "author" }, author),
      h("time", { class: "time", attrs: { datetime: message.created_at } }, formatTime(message.created_at)),
    ),
    h(
      "div",
      { class: "content", attrs: { title: formatTime(message.created_at) } },
      message.content,
      message.edited ? h("span", { class: "edited" }, "(edited)") : null,
      attachmentsView(message.attachments, actions.attachments),
    ),
    statusLine(item, actions),
  );
  if (own && item.status === "sent") row.append(ownActions(row, item, actions));
  return row;
}

function statusLine(item: TimelineItem, actions: MessageActions): HTMLElement | null {
  const cmid = item.message.id;
  if (item.status === "pending") {
    return h("div", { class: "status", data: { testid: "pending-mark" } }, "Sending…");
  }
  if (item.status === "failed") {
    return h(
      "div",
      { class: "status", data: { testid: "failed-mark" } },
      `Not sent${item.error ? `: ${item.error.message}` : ""}`,
      h(
        "button",
        { class: "link-btn", attrs: { type: "button" }, on: { click: () => actions.retry(cmid) } },
        "Retry",
      ),
      h(
        "button",
        { class: "link-btn", attrs: { type: "button" }, on: { click: () => actions.discard(cmid) } },
        "Discard",
      ),
    );
  }
  return null;
}

function ownActions(row: HTMLLIElement, item: TimelineItem, actions: MessageActions): HTMLElement {
  const id = item.message.id;
  return h(
    "div",
    { class: "message-actions" },
    h(
      "button",
      {
        class: "icon-btn",
        attrs: { type: "button", title: "Edit", "aria-label": "Edit message" },
        on: { click: () => startEditing(row, item, actions) },
      },
      icon("edit"),
    ),
    h(
      "button",
      {
        class: "icon-btn",
        attrs: { type: "button", title: "Delete", "aria-label": "Delete message" },
        on: {
          click: () => {
            if (confirm("Delete this message?")) void actions.delete(id);
          },
        },
      },
      icon("trash"),
    ),
  );
}

/** Swap the text for an editor; Enter saves, Escape cancels. The row is rebuilt on the next update. */
function startEditing(row: HTMLLIElement, item: TimelineItem, actions: MessageActions): void {
  const content = row.querySelector(".content");
  if (!content || row.dataset.editing) return;
  row.dataset.editing = "true";
  const finish = () => {
    delete row.dataset.editing;
    box.replaceWith(content);
  };
  const editor = h("textarea", {
    class: "field",
    attrs: { rows: 2, "aria-label": "Edit message" },
    on: {
      keydown: (event) => {
        if (event.key === "Escape") finish();
        if (event.key === "Enter" && !event.shiftKey) {
          event.preventDefault();
          const text = editor.value;
          if (text.trim() === "" || text === item.message.content) return finish();
          editor.disabled = true;
          actions.edit(item.message.id, text).then(finish, () => {
            editor.disabled = false;
          });
        }
      },
    },
  });
  editor.value = item.message.content;
  const box = h(
    "div",
    { class: "edit-box" },
    editor,
    h("div", { class: "edit-hint" }, "Enter to save · Esc to cancel"),
  );
  content.replaceWith(box);
  editor.focus();
}
