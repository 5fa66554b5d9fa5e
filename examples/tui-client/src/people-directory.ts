/**
 * Names and direct conversations: a user's name from the client state, fetched once when
 * unknown; finding a user by name for `/dm` and `/invite`; and the people the user has direct
 * conversations with (the server has no "my DMs" call, so: opened here, plus any DM the state
 * has messages or unread counts for).
 */
import type { LairClient } from "@lair-chat/client";

export interface FoundUser {
  id: string;
  username: string;
}

export class PeopleDirectory {
  readonly #client: LairClient;
  readonly #lookups = new Set<string>();
  /** Partner ids, most recently opened first. */
  #partners: string[] = [];

  constructor(client: LairClient) {
    this.#client = client;
  }

  /** A user's name; an unknown one is fetched once and a `presence` change redraws it. */
  username(userId: string, hint?: string): string {
    const { state } = this.#client;
    if (userId === state.me?.id) return state.me.username;
    const known = hint ?? state.username(userId);
    if (known !== undefined) return known;
    if (!this.#lookups.has(userId)) {
      this.#lookups.add(userId);
      this.#client.users.get(userId).then(
        ({ user, online }) => {
          state.people.setOnline(user.id, online, user.username);
          state.changed({ kind: "presence", userId });
        },
        () => {},
      );
    }
    return "…";
  }

  /** The user with exactly this name (case-insensitive). */
  async find(username: string): Promise<FoundUser | undefined> {
    const wanted = username.toLowerCase();
    const res = await this.#client.users.list({ search: username, limit: 50 });
    const found = res.users.find(({ user }) => user.username.toLowerCase() === wanted);
    if (!found) return undefined;
    this.#client.state.people.setOnline(found.user.id, found.online, found.user.username);
    return { id: found.user.id, username: found.user.username };
  }

  /** Put a partner at the top of the list. */
  touch(userId: string): void {
    this.#partners = [userId, ...this.#partners.filter((id) => id !== userId)];
  }

  /** Everyone with a direct conversation: opened here first, then ones the state knows of. */
  partners(): string[] {
    const { state } = this.#client;
    const selfId = state.me?.id;
    if (selfId === undefined) return [];
    const all = [...this.#partners];
    for (const key of [...state.conversations, ...Object.keys(state.unreadCounts)]) {
      const partner = dmPartner(key, selfId);
      if (partner === undefined || all.includes(partner)) continue;
      const shown = state.hasTimeline(key) ? state.timeline(key).items.length : 0;
      if (shown + state.unread(key) > 0) all.push(partner);
    }
    return all;
  }

  /** Forget everything (sign-out). */
  clear(): void {
    this.#partners = [];
    this.#lookups.clear();
  }
}

/** The other party of a DM conversation key (`dm:<a>:<b>`), seen from `selfId`. */
export function dmPartner(conversation: string, selfId: string): string | undefined {
  const parts = conversation.split(":");
  if (parts.length !== 3 || parts[0] !== "dm") return undefined;
  const [, a, b] = parts as [string, string, string];
  if (a === selfId) return b;
  if (b === selfId) return a;
  return undefined;
}
