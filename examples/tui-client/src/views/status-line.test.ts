import { describe, expect, it } from "vitest";
import { ScreenBuffer } from "../screen-buffer.ts";
import { drawStatusLine, statusOf } from "./status-line.ts";

describe("status line", () => {
  it("names the connection states as the user sees them", () => {
    expect(statusOf("connecting")).toBe("connecting");
    expect(statusOf("connected")).toBe("online");
    expect(statusOf("reconnecting")).toBe("reconnecting");
    expect(statusOf("disconnected")).toBe("offline");
  });

  it("shows the state, the user, the transport and a sanitized notice", () => {
    const buffer = new ScreenBuffer(70, 1);
    const rect = { x: 0, y: 0, width: 70, height: 1 };
    drawStatusLine(buffer, rect, {
      state: "reconnecting",
      user: "alice",
      via: "websocket",
      notice: { text: "bob\u001b[2J invited you", kind: "info" },
    });
    expect(buffer.rowText(0).trimEnd()).toBe(" RECONNECTING  alice · websocket │ bob invited you");
  });

  it("shows who is typing when there is no notice", () => {
    const buffer = new ScreenBuffer(60, 1);
    drawStatusLine(
      buffer,
      { x: 0, y: 0, width: 60, height: 1 },
      {
        state: "online",
        via: "tcp 127.0.0.1:8080",
        typing: "bob is typing…",
      },
    );
    expect(buffer.rowText(0).trimEnd()).toBe(" ONLINE  tcp 127.0.0.1:8080 │ bob is typing…");
  });
});
