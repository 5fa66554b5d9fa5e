/**
 * Who the user has direct conversations with. The server has no "list my DMs" call, so the
 * list is what this browser has seen (kept in localStorage per account) plus every DM the
 * client state knows of: loaded timelines and unread counts.
 */
import type { ChatState } from "@lair-chat/client";
import { parseConversationKey } from "@lair-chat/protocol";

export class DmDirectory {
  readonly #state: ChatState;
  readonly #storage: Pick<Storage, "getItem" | "setItem">;
  #userId: string | undefined;
  /** Partner ids, most recently used first. */
  #partners: string[] = [];

  constructor(state: ChatState, storage: Pick<Storage, "getItem" | "setItem"> = localStorage) {
    this.#state = state;
    this.#storage = storage;
  }

  /** Switch to the signed-in account's list. */
  load(userId: string): void {
    this.#userId = userId;
    try {
      const stored: unknown = JSON.parse(this.#storage.getItem(this.#key()) ?? "[]");
      this.#partners = Array.isArray(stored)
        ? stored.filter((id): id is string => typeof id === "string")
        : [];
    } catch {
      this.#partners = [];
    }
  }

  /** Put a partner first (opened, or a message came in). */
  touch(partnerId: string): void {
    if (this.#partners[0] === partnerId) return;
    this.#partners = [partnerId, ...this.#partners.filter((id) => id !== partnerId)];
    this.#save();
  }

  /** Every known partner: stored order first, then ones only the state knows. */
  partners(): string[] {
    const selfId = this.#state.me?.id;
    const known = new Set(this.#partners);
    const keys = [...this.#state.conversations, ...Object.keys(this.#state.unreadCounts)];
    for (const key of keys) {
      const parsed = parseConversationKey(key);
      if (parsed?.type !== "dm" || selfId === undefined) continue;
      const [a, b] = parsed.userIds;
      if (a !== selfId && b !== selfId) continue;
      const partner = a === selfId ? b : a;
      const shown = this.#state.hasTimeline(key) ? this.#state.timeline(key).items.length : 0;
      if (!known.has(partner) && shown + this.#state.unread(key) > 0) {
        known.add(partner);
        this.#partners.push(partner);
      }
    }
    return [...this.#partners];
  }

  #key(): string {
    return `lair-chat-web:dms:${this.#userId ?? "anonymous"}`;
  }

  #save(): void {
    if (this.#userId === undefined) return;
    try {
      this.#storage.setItem(this.#key(), JSON.stringify(this.#partners.slice(0, 200)));
    } catch {
      // Storage full or disabled: the list still works for this page's life.
    }
  }
}
