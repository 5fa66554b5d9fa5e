import { describe, expect, it } from "vitest";
import { type Key, LineEditor } from "./line-editor.ts";

function type(editor: LineEditor, text: string): void {
  for (const char of text) editor.handleKey(char, { name: char.toLowerCase(), sequence: char });
}

const key = (name: string, extra: Partial<Key> = {}): Key => ({ name, ...extra });

describe("LineEditor", () => {
  it("inserts at the cursor and moves with the arrows, Home and End", () => {
    const editor = new LineEditor();
    type(editor, "helo");
    editor.handleKey(undefined, key("left"));
    type(editor, "l");
    expect(editor.value).toBe("hello");
    editor.handleKey(undefined, key("home"));
    type(editor, ">");
    editor.handleKey(undefined, key("end"));
    type(editor, "!");
    expect(editor.value).toBe(">hello!");
  });

  it("deletes backwards, forwards, by word and to either end", () => {
    const editor = new LineEditor();
    type(editor, "one two three");
    editor.handleKey(undefined, key("backspace"));
    expect(editor.value).toBe("one two thre");
    editor.handleKey(undefined, key("w", { ctrl: true }));
    expect(editor.value).toBe("one two ");
    editor.handleKey(undefined, key("a", { ctrl: true }));
    editor.handleKey(undefined, key("delete"));
    expect(editor.value).toBe("ne two ");
    editor.handleKey(undefined, key("right"));
    editor.handleKey(undefined, key("k", { ctrl: true }));
    expect(editor.value).toBe("n");
    editor.handleKey(undefined, key("u", { ctrl: true }));
    expect(editor.value).toBe("");
  });

  it("never leaves half a surrogate pair", () => {
    const editor = new LineEditor();
    type(editor, "a👋");
    editor.handleKey(undefined, key("backspace"));
    expect(editor.value).toBe("a");
  });

  it("ignores control characters and reports keys it does not handle", () => {
    const editor = new LineEditor();
    expect(editor.handleKey("\r", key("return"))).toBe(false);
    expect(editor.handleKey(undefined, key("pageup"))).toBe(false);
    editor.insert("a\u001b[31mb\u0007");
    expect(editor.value).toBe("a[31mb");
  });

  it("recalls submitted lines with Up and Down, keeping the draft", () => {
    const editor = new LineEditor();
    type(editor, "first");
    expect(editor.submit()).toBe("first");
    type(editor, "second");
    editor.submit();
    type(editor, "draft");
    editor.handleKey(undefined, key("up"));
    expect(editor.value).toBe("second");
    editor.handleKey(undefined, key("up"));
    expect(editor.value).toBe("first");
    editor.handleKey(undefined, key("up"));
    expect(editor.value).toBe("first");
    editor.handleKey(undefined, key("down"));
    editor.handleKey(undefined, key("down"));
    expect(editor.value).toBe("draft");
  });

  it("keeps no history when told not to (passwords)", () => {
    const editor = new LineEditor({ historySize: 0 });
    type(editor, "secret");
    editor.submit();
    editor.handleKey(undefined, key("up"));
    expect(editor.value).toBe("");
  });

  it("stops at maxLength", () => {
    const editor = new LineEditor({ maxLength: 3 });
    editor.insert("abcdef");
    expect(editor.value).toBe("abc");
  });

  it("scrolls its view sideways to keep the cursor visible", () => {
    const editor = new LineEditor();
    editor.value = "abcdefghij";
    const end = editor.view(5);
    expect(end.text).toBe("ghij");
    expect(end.cursorCol).toBe(4);
    editor.handleKey(undefined, key("home"));
    expect(editor.view(5)).toEqual({ text: "abcde", cursorCol: 0 });
  });

  it("masks the view for passwords", () => {
    const editor = new LineEditor();
    editor.value = "hunter2";
    expect(editor.view(20, "*")).toEqual({ text: "*******", cursorCol: 7 });
  });
});
