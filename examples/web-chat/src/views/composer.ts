/**
 * The message box: Enter sends, Shift+Enter breaks the line; typing is announced, throttled.
 * The paper clip picks a file, which is uploaded (with a progress line) and sent on its own.
 */
import { h } from "../dom.ts";
import { icon } from "./icon.ts";

/** The server accepts one typing event per 3 s per conversation; stay under it. */
const TYPING_EVERY_MS = 3000;

export interface ComposerOptions {
  placeholder: string;
  send(content: string): Promise<void>;
  typing(): void;
  /** Upload and send a file; absent hides the attach button. */
  sendFile?(file: File, onProgress: (p: { loaded: number; total: number }) => void): Promise<void>;
}

export function composer(options: ComposerOptions): HTMLElement {
  let lastTyping = 0;
  const input = h("textarea", {
    class: "field",
    attrs: { rows: 1, placeholder: options.placeholder, "aria-label": "Message", maxlength: 4096 },
    data: { testid: "composer-input" },
    on: {
      input: () => {
        autosize();
        const now = Date.now();
        if (input.value.trim() !== "" && now - lastTyping >= TYPING_EVERY_MS) {
          lastTyping = now;
          options.typing();
        }
      },
      keydown: (event) => {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          submit();
        }
      },
    },
  });
  const autosize = () => {
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight + 2}px`;
  };
  const submit = () => {
    const content = input.value;
    if (content.trim() === "") return;
    input.value = "";
    lastTyping = 0;
    autosize();
    // The outbox owns the message from here: it shows as pending and is retried on its own.
    options.send(content).catch(() => {
      if (input.value === "") input.value = content;
    });
  };
  const form = h(
    "form",
    {
      class: "composer",
      on: {
        submit: (event) => {
          event.preventDefault();
          submit();
          input.focus();
        },
      },
    },
    options.sendFile ? attachControls(options.sendFile) : null,
    input,
    h("button", { class: "btn btn-primary", attrs: { type: "submit" }, data: { testid: "send" } }, "Send"),
  );
  queueMicrotask(() => input.focus());
  return form;
}

function attachControls(sendFile: NonNullable<ComposerOptions["sendFile"]>): HTMLElement {
  const progress = h("span", {
    class: "upload-progress",
    data: { testid: "upload-progress" },
    attrs: { hidden: true },
  });
  const picker = h("input", {
    attrs: { type: "file", hidden: true },
    data: { testid: "attach-input" },
    on: {
      change: () => {
        const file = picker.files?.[0];
        picker.value = "";
        if (!file) return;
        progress.hidden = false;
        progress.textContent = `Uploading ${file.name}…`;
        sendFile(file, ({ loaded, total }) => {
          progress.textContent = `Uploading ${file.name}: ${total > 0 ? Math.floor((loaded / total) * 100) : 100}%`;
        }).then(
          () => {
            progress.hidden = true;
          },
          () => {
            progress.textContent = `Could not send ${file.name}`;
          },
        );
      },
    },
  });
  const button = h(
    "button",
    {
      class: "icon-btn attach-btn",
      attrs: { type: "button", title: "Attach a file", "aria-label": "Attach a file" },
      data: { testid: "attach-button" },
      on: { click: () => picker.click() },
    },
    icon("paperclip", 18),
  );
  return h("div", { class: "attach" }, button, picker, progress);
}
