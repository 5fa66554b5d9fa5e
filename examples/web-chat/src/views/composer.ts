/** The message box: Enter sends, Shift+Enter breaks the line; typing is announced, throttled. */
import { h } from "../dom.ts";

/** The server accepts one typing event per 3 s per conversation; stay under it. */
const TYPING_EVERY_MS = 3000;

export interface ComposerOptions {
  placeholder: string;
  send(content: string): Promise<void>;
  typing(): void;
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
    input,
    h("button", { class: "btn btn-primary", attrs: { type: "submit" }, data: { testid: "send" } }, "Send"),
  );
  queueMicrotask(() => input.focus());
  return form;
}
