/**
 * What a message carries besides its text: image previews (loaded with the session's token
 * into an object URL, since an `<img>` cannot send it) and file cards that save the file.
 * Names are text nodes like everything else here; nothing a sender chose becomes markup.
 */
import { type Attachment, isInlineImageType } from "@lair-chat/protocol";
import { h } from "../dom.ts";
import { formatBytes } from "../format-bytes.ts";
import { icon } from "./icon.ts";

/** Fetches attachment bytes as a Blob (the client's `messages.downloadAttachment`). */
export type AttachmentFetcher = (id: string) => Promise<Blob>;

/** Object URLs by attachment id, shared by every row, so a re-render does not download again. */
export class AttachmentCache {
  readonly #urls = new Map<string, Promise<string>>();

  constructor(private readonly fetcher: AttachmentFetcher) {}

  url(id: string): Promise<string> {
    let url = this.#urls.get(id);
    if (!url) {
      url = this.fetcher(id).then((blob) => URL.createObjectURL(blob));
      // A failure is not cached: the next render tries again.
      url.catch(() => this.#urls.delete(id));
      this.#urls.set(id, url);
    }
    return url;
  }

  dispose(): void {
    for (const url of this.#urls.values())
      void url.then(
        (u) => URL.revokeObjectURL(u),
        () => {},
      );
    this.#urls.clear();
  }
}

function imagePreview(a: Attachment, cache: AttachmentCache): HTMLElement {
  const img = h("img", {
    attrs: {
      alt: a.name,
      width: a.width ?? undefined,
      height: a.height ?? undefined,
    },
  });
  const figure = h(
    "figure",
    { class: "attachment-image", data: { testid: "attachment-image", id: a.id, state: "loading" } },
    img,
  );
  cache.url(a.id).then(
    (url) => {
      img.addEventListener("load", () => figure.setAttribute("data-state", "loaded"), { once: true });
      img.addEventListener("error", () => figure.setAttribute("data-state", "failed"), { once: true });
      img.src = url;
    },
    () => figure.setAttribute("data-state", "failed"),
  );
  return figure;
}

function fileCard(a: Attachment, cache: AttachmentCache): HTMLElement {
  return h(
    "button",
    {
      class: "file-card",
      attrs: { type: "button", title: `Save ${a.name}` },
      data: { testid: "file-card", id: a.id },
      on: {
        click: () => {
          void cache.url(a.id).then((url) => {
            const link = h("a", { attrs: { href: url, download: a.name } });
            link.click();
          });
        },
      },
    },
    h("span", { class: "file-icon" }, icon("file", 22)),
    h("span", { class: "file-name" }, a.name),
    h("span", { class: "file-size" }, `${formatBytes(a.size)} · ${a.mime_type}`),
  );
}

/** Previews and cards for a message's attachments (none for text messages). */
export function attachmentsView(attachments: readonly Attachment[] | undefined, cache: AttachmentCache) {
  if (!attachments || attachments.length === 0) return null;
  return h(
    "div",
    { class: "attachments" },
    attachments.map((a) => (isInlineImageType(a.mime_type) ? imagePreview(a, cache) : fileCard(a, cache))),
  );
}
