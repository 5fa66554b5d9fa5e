/** Sign in and create-account forms, one card with two tabs. */
import { h, replaceChildren } from "../dom.ts";
import { errorText } from "../format.ts";

export interface AuthHandlers {
  login(input: { identifier: string; password: string }): Promise<void>;
  register(input: { username: string; email: string; password: string }): Promise<void>;
}

type Mode = "login" | "register";

export function authView(handlers: AuthHandlers, initialMode: Mode = "login"): HTMLElement {
  const card = h("div", { class: "auth-card" });
  const root = h("main", { class: "auth", data: { view: "auth" } }, card);
  let mode: Mode = initialMode;

  const render = () => {
    const error = h("p", { class: "error-text", attrs: { role: "alert" }, data: { testid: "auth-error" } });
    const submit = h(
      "button",
      { class: "btn btn-primary", attrs: { type: "submit" }, data: { testid: "auth-submit" } },
      mode === "login" ? "Sign in" : "Create account",
    );
    const fields =
      mode === "login"
        ? [
            field("Username or email", "identifier", "text", "username"),
            field("Password", "password", "password", "current-password"),
          ]
        : [
            field("Username", "username", "text", "username", "3–32 letters, digits or _"),
            field("Email", "email", "email", "email"),
            field("Password", "password", "password", "new-password", "At least 8 characters"),
          ];
    const form = h(
      "form",
      {
        data: { testid: `${mode}-form` },
        on: {
          submit: (event) => {
            event.preventDefault();
            const data = new FormData(form);
            const value = (name: string) => String(data.get(name) ?? "");
            submit.disabled = true;
            error.textContent = "";
            const done =
              mode === "login"
                ? handlers.login({ identifier: value("identifier").trim(), password: value("password") })
                : handlers.register({
                    username: value("username").trim(),
                    email: value("email").trim(),
                    password: value("password"),
                  });
            done.catch((cause: unknown) => {
              error.textContent = errorText(cause);
              submit.disabled = false;
            });
          },
        },
      },
      fields,
      error,
      submit,
    );
    replaceChildren(
      card,
      h(
        "div",
        { class: "brand" },
        h("span", { class: "brand-mark", attrs: { "aria-hidden": "true" } }, "L"),
        "Lair Chat",
      ),
      h(
        "div",
        { class: "tabs", attrs: { role: "tablist" } },
        tab("Sign in", "login"),
        tab("Create account", "register"),
      ),
      form,
    );
    form.querySelector("input")?.focus();
  };

  const tab = (label: string, target: Mode) =>
    h(
      "button",
      {
        class: "tab",
        attrs: { type: "button", role: "tab", "aria-selected": String(mode === target) },
        data: { testid: `tab-${target}` },
        on: {
          click: () => {
            mode = target;
            render();
          },
        },
      },
      label,
    );

  render();
  return root;
}

function field(label: string, name: string, type: string, autocomplete: string, hint?: string): HTMLElement {
  return h(
    "label",
    null,
    h("span", { class: "label" }, label),
    h("input", {
      class: "field",
      attrs: { name, type, autocomplete, required: true, placeholder: hint ?? "" },
    }),
  );
}
