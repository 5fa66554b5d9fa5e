/**
 * The signed-in session on this device: the token (in the TokenStore) and a timer that refreshes
 * it `margin` ms before it expires, so neither HTTP calls nor reconnects ever present a dead
 * token. A refresh refused with a credential error ends the session.
 */
import { isLairError, type LairError, type TokenResponse } from "@lair-chat/protocol";
import type { Logger } from "../logger.ts";
import { readTokenClaims } from "./token-claims.ts";
import type { TokenStore } from "./token-store.ts";

/** Longest setTimeout delay (about 24.8 days); longer waits are re-armed. */
const MAX_TIMER = 2 ** 31 - 1;
const CREDENTIAL_ERRORS = new Set([
  "unauthorized",
  "invalid_token",
  "token_expired",
  "session_not_found",
  "session_expired",
  "account_banned",
]);

export interface SessionOptions {
  store: TokenStore;
  /** Call `POST /auth/refresh` (which hands the new token back through `setToken`). */
  refresh: () => Promise<TokenResponse>;
  /** Refresh this many ms before expiry. */
  margin: number;
  /** A refresh was refused: the session is over. */
  onExpired: (error: LairError) => void;
  logger: Logger;
}

export class Session {
  readonly #options: SessionOptions;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<boolean> | undefined;

  constructor(options: SessionOptions) {
    this.#options = options;
  }

  async token(): Promise<string | undefined> {
    return (await this.#options.store.get()) ?? undefined;
  }

  /** User id the stored token belongs to (from its claims). */
  async userId(): Promise<string | undefined> {
    const token = await this.token();
    return token ? readTokenClaims(token)?.sub : undefined;
  }

  async setToken(token: string): Promise<void> {
    await this.#options.store.set(token);
    this.#schedule(token);
  }

  /** Arm the refresh timer for the stored token (after a reload). */
  async resume(): Promise<void> {
    const token = await this.token();
    if (token) this.#schedule(token);
  }

  async clear(): Promise<void> {
    this.stop();
    await this.#options.store.clear();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Refresh now (deduplicated); resolves false when it failed. */
  refreshNow(): Promise<boolean> {
    this.#refreshing ??= this.#options
      .refresh()
      .then(
        () => true,
        (error: unknown) => {
          if (isLairError(error) && CREDENTIAL_ERRORS.has(error.code)) {
            this.stop();
            this.#options.onExpired(error);
          } else {
            this.#options.logger.warn({ err: error }, "lair-chat: token refresh failed; retrying in 30 s");
            this.#arm(30_000);
          }
          return false;
        },
      )
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  #schedule(token: string): void {
    const claims = readTokenClaims(token);
    if (claims?.exp === undefined) return;
    const expiresAt = claims.exp * 1000;
    const lifetime = claims.iat !== undefined ? expiresAt - claims.iat * 1000 : Number.POSITIVE_INFINITY;
    // A short-lived token refreshes halfway through rather than immediately.
    const margin = Math.min(this.#options.margin, lifetime / 2);
    this.#arm(expiresAt - margin - Date.now());
  }

  #arm(delay: number): void {
    clearTimeout(this.#timer);
    const wait = Math.max(0, delay);
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        if (wait > MAX_TIMER) this.#arm(wait - MAX_TIMER);
        else void this.refreshNow();
      },
      Math.min(wait, MAX_TIMER),
    );
  }
}
