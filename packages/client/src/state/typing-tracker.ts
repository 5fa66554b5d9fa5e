/**
 * Who is typing in each conversation. A `user_typing` event carries no "stopped", so an entry
 * expires `ttl` ms after the last event; a message from the user ends it at once.
 */

export class TypingTracker {
  readonly #ttl: number;
  readonly #onChange: (conversation: string) => void;
  /** conversation → user id → expiry timer */
  readonly #typing = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();

  /** @param ttl how long one typing event shows, in ms. */
  constructor(ttl: number, onChange: (conversation: string) => void) {
    if (!(ttl > 0)) throw new RangeError("typingTimeout must be positive");
    this.#ttl = ttl;
    this.#onChange = onChange;
  }

  /** User ids typing in a conversation, in the order they started. */
  get(conversation: string): string[] {
    return [...(this.#typing.get(conversation)?.keys() ?? [])];
  }

  typing(conversation: string, userId: string): void {
    let users = this.#typing.get(conversation);
    if (!users) {
      users = new Map();
      this.#typing.set(conversation, users);
    }
    const known = users.get(userId);
    clearTimeout(known);
    users.set(
      userId,
      setTimeout(() => this.stopped(conversation, userId), this.#ttl),
    );
    if (known === undefined) this.#onChange(conversation);
  }

  stopped(conversation: string, userId: string): void {
    const users = this.#typing.get(conversation);
    const timer = users?.get(userId);
    if (!users || timer === undefined) return;
    clearTimeout(timer);
    users.delete(userId);
    if (users.size === 0) this.#typing.delete(conversation);
    this.#onChange(conversation);
  }

  clear(): void {
    for (const [conversation, users] of [...this.#typing]) {
      for (const timer of users.values()) clearTimeout(timer);
      this.#typing.delete(conversation);
      this.#onChange(conversation);
    }
  }
}
