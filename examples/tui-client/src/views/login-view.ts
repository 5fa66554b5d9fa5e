/** The login/register screen: a box in the middle of the terminal. */
import type { LoginForm } from "../login-form.ts";
import { sanitizeLine } from "../sanitize.ts";
import type { ScreenBuffer } from "../screen-buffer.ts";
import { theme } from "../theme.ts";
import { fit, truncate, wrapLine } from "../wrap.ts";

const LABELS = { username: "Username", email: "Email", password: "Password" } as const;

/** Where the text cursor goes (the focused field), for the renderer. */
export interface LoginCursor {
  row: number;
  col: number;
}

export function drawLogin(buffer: ScreenBuffer, form: LoginForm, server: string): LoginCursor | undefined {
  const width = Math.min(60, buffer.width - 2);
  const inner = width - 2;
  const fields = form.order;
  const height = 10 + fields.length;
  const left = Math.max(0, Math.floor((buffer.width - width) / 2));
  const top = Math.max(0, Math.floor((buffer.height - height) / 2));
  const row = (n: number) => top + n;
  buffer.write(row(0), left, `┌─ Lair Chat ${"─".repeat(Math.max(0, inner - 12))}┐`, theme.heading);
  for (let n = 1; n < height - 1; n++) {
    buffer.write(row(n), left, "│", theme.heading);
    buffer.fill(row(n), left + 1, inner);
    buffer.write(row(n), left + width - 1, "│", theme.heading);
  }
  buffer.write(row(height - 1), left, `└${"─".repeat(inner)}┘`, theme.heading);
  const x = left + 3;
  const room = inner - 4;
  let col = x;
  col += buffer.write(row(2), col, " Log in ", form.mode === "login" ? theme.selected : theme.dim);
  col += buffer.write(row(2), col, "  ");
  buffer.write(row(2), col, " Register ", form.mode === "register" ? theme.selected : theme.dim);
  const labelWidth = 10;
  const fieldWidth = Math.max(4, room - labelWidth);
  let cursor: LoginCursor | undefined;
  fields.forEach((name, index) => {
    const y = row(4 + index);
    const focused = form.focus === name;
    const label = LABELS[name];
    buffer.write(y, x, fit(label, labelWidth), focused ? theme.heading : "");
    const view = form.fields[name].view(fieldWidth, name === "password" ? "*" : undefined);
    buffer.write(y, x + labelWidth, fit(view.text, fieldWidth), focused ? theme.fieldFocused : theme.field);
    if (focused && !form.busy) cursor = { row: y, col: x + labelWidth + view.cursorCol };
  });
  const messageRow = row(5 + fields.length);
  if (form.message) {
    // Two lines are free under the fields: enough for the server's longer explanations.
    const style = form.message.kind === "error" ? theme.error : theme.notice;
    const lines = wrapLine(sanitizeLine(form.message.text), room);
    lines.slice(0, 2).forEach((line, index) => {
      const text = index === 1 && lines.length > 2 ? truncate(`${line} ${lines[2]}`, room) : line;
      buffer.write(messageRow + index, x, text, style);
    });
  }
  const action = form.mode === "login" ? "log in" : "register";
  const other = form.mode === "login" ? "register" : "log in";
  buffer.write(row(height - 3), x, truncate(`Enter: ${action} · Tab: next field`, room), theme.dim);
  buffer.write(row(height - 2), x, truncate(`Ctrl-R: ${other} instead · Esc: quit`, room), theme.dim);
  buffer.write(
    Math.min(buffer.height - 1, row(height)),
    left,
    truncate(`server: ${server}`, width),
    theme.dim,
  );
  return cursor;
}
