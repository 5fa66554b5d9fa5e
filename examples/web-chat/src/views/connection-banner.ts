/**
 * The strip at the top that says when the chat is not live: connecting, reconnecting, offline
 * (the browser says so), or disconnected with a button to try again. Hidden while connected.
 */
import { h, replaceChildren } from "../dom.ts";

export type BannerState = "connecting" | "connected" | "reconnecting" | "disconnected" | "offline";

export class ConnectionBanner {
  readonly element: HTMLElement;
  readonly #reconnect: () => void;

  constructor(reconnect: () => void) {
    this.#reconnect = reconnect;
    this.element = h("div", {
      class: "banner",
      data: { testid: "connection-banner", state: "connecting" },
      attrs: { role: "status", "aria-live": "polite" },
    });
  }

  set(state: BannerState): void {
    this.element.dataset.state = state;
    this.element.hidden = state === "connected";
    const spinner = h("span", { class: "spinner", attrs: { "aria-hidden": "true" } });
    switch (state) {
      case "connected":
        replaceChildren(this.element);
        return;
      case "connecting":
        replaceChildren(this.element, spinner, "Connecting…");
        return;
      case "reconnecting":
        replaceChildren(
          this.element,
          spinner,
          "Reconnecting… Messages you send now go out when the connection is back.",
        );
        return;
      case "offline":
        replaceChildren(
          this.element,
          "You're offline. Messages you send now go out when you're back online.",
        );
        return;
      case "disconnected":
        replaceChildren(
          this.element,
          "Disconnected from the server.",
          h(
            "button",
            { class: "btn btn-small", attrs: { type: "button" }, on: { click: this.#reconnect } },
            "Reconnect",
          ),
        );
        return;
      default: {
        const exhaustive: never = state;
        throw new TypeError(`unknown banner state ${String(exhaustive)}`);
      }
    }
  }
}
