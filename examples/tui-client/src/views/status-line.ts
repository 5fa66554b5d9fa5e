/** The status line: connection state, who is signed in over what, and the latest notice. */
import type { Rect } from "../layout.ts";
import { sanitizeLine } from "../sanitize.ts";
import type { ScreenBuffer } from "../screen-buffer.ts";
import { theme } from "../theme.ts";
import { truncate } from "../wrap.ts";

/** What the status line calls the client's connection states. */
export type StatusState = "connecting" | "reconnecting" | "online" | "offline";

export interface Notice {
  text: string;
  kind: "info" | "error";
}

export interface StatusModel {
  state: StatusState;
  /** Signed-in username. */
  user?: string;
  /** E.g. `tcp 127.0.0.1:8080` or `websocket`. */
  via: string;
  notice?: Notice;
  /** E.g. `bob is typing…`, shown when there is no notice. */
  typing?: string;
}

export function statusOf(state: "connecting" | "connected" | "reconnecting" | "disconnected"): StatusState {
  switch (state) {
    case "connected":
      return "online";
    case "disconnected":
      return "offline";
    case "connecting":
    case "reconnecting":
      return state;
    default: {
      const exhaustive: never = state;
      throw new TypeError(`unknown connection state ${String(exhaustive)}`);
    }
  }
}

export function drawStatusLine(buffer: ScreenBuffer, rect: Rect, model: StatusModel): void {
  buffer.fill(rect.y, rect.x, rect.width, theme.status);
  let col = rect.x;
  col += buffer.write(rect.y, col, ` ${model.state.toUpperCase()} `, theme.states[model.state]);
  const who = model.user ? ` ${sanitizeLine(model.user)} · ${model.via} ` : ` ${model.via} `;
  col += buffer.write(rect.y, col, who, theme.status, rect.x + rect.width - col);
  const room = rect.x + rect.width - col - 1;
  if (room < 4) return;
  if (model.notice) {
    const style = model.notice.kind === "error" ? `${theme.error};100` : `1;${theme.status}`;
    buffer.write(rect.y, col, `│ ${truncate(sanitizeLine(model.notice.text), room - 2)}`, style);
  } else if (model.typing) {
    buffer.write(rect.y, col, `│ ${truncate(sanitizeLine(model.typing), room - 2)}`, `3;${theme.status}`);
  }
}
