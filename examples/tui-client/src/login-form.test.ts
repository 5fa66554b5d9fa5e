import { describe, expect, it } from "vitest";
import type { Key } from "./line-editor.ts";
import { LoginForm } from "./login-form.ts";

const key = (name: string, extra: Partial<Key> = {}): Key => ({ name, ...extra });

function type(form: LoginForm, text: string): void {
  for (const char of text) form.handleKey(char, { name: char, sequence: char });
}

describe("LoginForm", () => {
  it("logs in with username, Tab, password, Enter", () => {
    const form = new LoginForm();
    type(form, "alice");
    form.handleKey(undefined, key("tab"));
    type(form, "secret123");
    expect(form.handleKey("\r", key("return"))).toEqual({
      kind: "submit",
      submission: { mode: "login", identifier: "alice", password: "secret123" },
    });
  });

  it("moves Enter to the first empty field instead of submitting", () => {
    const form = new LoginForm();
    type(form, "alice");
    expect(form.handleKey("\r", key("return"))).toEqual({ kind: "none" });
    expect(form.focus).toBe("password");
  });

  it("switches to registering with Ctrl-R, which adds the email field", () => {
    const form = new LoginForm("bob");
    expect(form.focus).toBe("password");
    form.handleKey(undefined, key("r", { ctrl: true }));
    expect(form.mode).toBe("register");
    expect(form.order).toEqual(["username", "email", "password"]);
    form.handleKey(undefined, key("tab", { shift: true }));
    expect(form.focus).toBe("email");
    type(form, "bob@example.test");
    form.handleKey(undefined, key("tab"));
    type(form, "long enough");
    expect(form.handleKey("\r", key("return"))).toEqual({
      kind: "submit",
      submission: { mode: "register", username: "bob", email: "bob@example.test", password: "long enough" },
    });
  });

  it("ignores typing while busy but still lets the user quit", () => {
    const form = new LoginForm();
    form.busy = true;
    type(form, "x");
    expect(form.fields.username.value).toBe("");
    expect(form.handleKey(undefined, key("c", { ctrl: true }))).toEqual({ kind: "quit" });
    expect(form.handleKey(undefined, key("escape"))).toEqual({ kind: "quit" });
  });
});
