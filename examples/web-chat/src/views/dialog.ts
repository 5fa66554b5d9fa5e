/** Modal dialogs on the native `<dialog>` element: focus trapping and Escape come for free. */
import { type Child, h } from "../dom.ts";
import { errorText } from "../format.ts";

/** Open a modal; `build` gets a `close` function. The dialog is removed once closed. */
export function openDialog(testid: string, build: (close: () => void) => Child[]): HTMLDialogElement {
  const dialog = h("dialog", { data: { testid } });
  const close = () => dialog.close();
  dialog.append(h("div", { class: "dialog-body" }, build(close)));
  dialog.addEventListener("close", () => dialog.remove());
  // A click on the backdrop lands on the dialog element itself.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) close();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** A form with one submit handler that shows its error under the fields and re-enables on failure. */
export function dialogForm(
  fields: Child[],
  submitLabel: string,
  close: () => void,
  submit: (data: FormData) => Promise<void>,
): HTMLFormElement {
  const error = h("p", { class: "error-text", attrs: { role: "alert" } });
  const button = h(
    "button",
    { class: "btn btn-primary", attrs: { type: "submit" }, data: { testid: "dialog-submit" } },
    submitLabel,
  );
  const form: HTMLFormElement = h(
    "form",
    {
      on: {
        submit: (event) => {
          event.preventDefault();
          button.disabled = true;
          error.textContent = "";
          submit(new FormData(form)).then(close, (cause: unknown) => {
            error.textContent = errorText(cause);
            button.disabled = false;
          });
        },
      },
    },
    fields,
    error,
    h(
      "div",
      { class: "dialog-actions" },
      h("button", { class: "btn", attrs: { type: "button" }, on: { click: close } }, "Cancel"),
      button,
    ),
  );
  return form;
}

export function textField(
  label: string,
  name: string,
  options: { required?: boolean; placeholder?: string } = {},
): HTMLElement {
  return h(
    "label",
    null,
    h("span", { class: "label" }, label),
    h("input", {
      class: "field",
      attrs: {
        name,
        required: options.required ?? false,
        placeholder: options.placeholder ?? "",
        autocomplete: "off",
      },
    }),
  );
}
