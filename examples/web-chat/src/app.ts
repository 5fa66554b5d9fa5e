/**
 * Which screen shows: sign-in, a "reaching the server" wait after a reload, or the chat. A
 * stored token skips the sign-in; a session the server ends (logout elsewhere, expiry, ban)
 * comes back here and shows the sign-in again.
 */
import type { LairClient, TokenStore } from "@lair-chat/client";
import { isLairError } from "@lair-chat/protocol";
import { h, replaceChildren } from "./dom.ts";
import { errorText } from "./format.ts";
import { Shell } from "./shell.ts";
import { authView } from "./views/auth-view.ts";

/** Errors that mean the stored token is no good: sign in again. */
const SIGNED_OUT_CODES = new Set([
  "unauthorized",
  "missing_token",
  "invalid_token",
  "token_expired",
  "session_not_found",
  "session_expired",
  "account_banned",
]);

export class App {
  readonly #root: HTMLElement;
  readonly #client: LairClient;
  readonly #tokens: TokenStore;
  #shell: Shell | undefined;

  constructor(root: HTMLElement, client: LairClient, tokens: TokenStore) {
    this.#root = root;
    this.#client = client;
    this.#tokens = tokens;
    client.on("signedOut", () => this.#showAuth());
  }

  async start(): Promise<void> {
    if (!(await this.#tokens.get())) {
      this.#showAuth();
      return;
    }
    await this.#restore();
  }

  /** Reload with a stored token: check it, then go straight to the chat. */
  async #restore(): Promise<void> {
    this.#showWaiting("Signing you in…");
    try {
      await this.#client.users.me();
    } catch (error) {
      if (isLairError(error) && SIGNED_OUT_CODES.has(error.code)) {
        await this.#tokens.clear();
        this.#showAuth();
        return;
      }
      this.#showWaiting(errorText(error), () => void this.#restore());
      return;
    }
    this.#showShell();
  }

  #showShell(): void {
    this.#shell?.dispose();
    this.#shell = new Shell(this.#client, () => this.#showAuth());
    replaceChildren(this.#root, this.#shell.element);
    // The banner shows progress; a refused token signs out through the `signedOut` event.
    this.#client.connect().catch(() => {});
  }

  #showAuth(): void {
    this.#client.disconnect();
    this.#shell?.dispose();
    this.#shell = undefined;
    if (this.#root.querySelector('[data-view="auth"]')) return;
    history.replaceState(null, "", location.pathname);
    replaceChildren(
      this.#root,
      authView({
        login: async (input) => {
          await this.#client.auth.login(input);
          this.#showShell();
        },
        register: async (input) => {
          await this.#client.auth.register(input);
          this.#showShell();
        },
      }),
    );
  }

  #showWaiting(text: string, retry?: () => void): void {
    replaceChildren(
      this.#root,
      h(
        "main",
        { class: "auth", data: { view: "waiting" } },
        h(
          "div",
          { class: "auth-card" },
          h("div", { class: "brand" }, h("span", { class: "brand-mark" }, "L"), "Lair Chat"),
          h("p", { class: "muted" }, text),
          retry
            ? h(
                "button",
                { class: "btn btn-primary", attrs: { type: "button" }, on: { click: retry } },
                "Try again",
              )
            : null,
        ),
      ),
    );
  }
}
