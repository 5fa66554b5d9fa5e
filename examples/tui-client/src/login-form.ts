/**
 * The login/register form: its fields, which one has focus, and what each key does. Lair's
 * TUI flow: type the username, Tab, (email, Tab,) password, Enter. Ctrl-R or F2 switches
 * between logging in and registering.
 */
import { type Key, LineEditor } from "./line-editor.ts";

export type LoginMode = "login" | "register";
export type FieldName = "username" | "email" | "password";

export type LoginSubmission =
  | { mode: "login"; identifier: string; password: string }
  | { mode: "register"; username: string; email: string; password: string };

/** What a key did, for the app to act on. */
export type FormAction =
  | { kind: "none" }
  | { kind: "submit"; submission: LoginSubmission }
  | { kind: "quit" };

export class LoginForm {
  mode: LoginMode = "login";
  focus: FieldName = "username";
  /** A message under the fields (a refused login, or "Signing in…"). */
  message: { text: string; kind: "info" | "error" } | undefined;
  /** True while a submission is with the server; keys other than quit are ignored. */
  busy = false;
  readonly fields: Record<FieldName, LineEditor> = {
    username: new LineEditor({ historySize: 0, maxLength: 254 }),
    email: new LineEditor({ historySize: 0, maxLength: 254 }),
    password: new LineEditor({ historySize: 0, maxLength: 1024 }),
  };

  constructor(username?: string) {
    if (username) {
      this.fields.username.value = username;
      this.focus = "password";
    }
  }

  /** The fields of the current mode, in order. */
  get order(): FieldName[] {
    return this.mode === "login" ? ["username", "password"] : ["username", "email", "password"];
  }

  handleKey(input: string | undefined, key: Key): FormAction {
    if ((key.ctrl && (key.name === "c" || key.name === "d")) || key.name === "escape")
      return { kind: "quit" };
    if (this.busy) return { kind: "none" };
    if ((key.ctrl && key.name === "r") || key.name === "f2") {
      this.mode = this.mode === "login" ? "register" : "login";
      if (!this.order.includes(this.focus)) this.focus = "username";
      this.message = undefined;
      return { kind: "none" };
    }
    if (key.name === "tab" || key.name === "down" || key.name === "up") {
      this.#moveFocus(key.name === "up" || (key.name === "tab" && key.shift) ? -1 : 1);
      return { kind: "none" };
    }
    if (key.name === "return" || key.name === "enter") return this.#submit();
    this.fields[this.focus].handleKey(input, key);
    return { kind: "none" };
  }

  #moveFocus(direction: 1 | -1): void {
    const order = this.order;
    const index = order.indexOf(this.focus);
    this.focus = order[(index + direction + order.length) % order.length]!;
  }

  #submit(): FormAction {
    // Enter on an empty field moves to it, as Tab would; on a complete form it submits.
    const missing = this.order.find((name) => this.fields[name].value.trim() === "");
    if (missing) {
      this.focus = missing;
      return { kind: "none" };
    }
    const username = this.fields.username.value.trim();
    const password = this.fields.password.value;
    if (this.mode === "login")
      return { kind: "submit", submission: { mode: "login", identifier: username, password } };
    const email = this.fields.email.value.trim();
    return { kind: "submit", submission: { mode: "register", username, email, password } };
  }
}
