/**
 * Edit, delete, typing and read markers: over the real-time connection when there is one (it
 * is faster and keeps request order with our sends), else over HTTP. Results go into the state.
 */
import type { Message, MessageTargetInput } from "@lair-chat/protocol";
import type { StatefulApis } from "../client-apis.ts";
import type { ChatState } from "../state/chat-state.ts";
import { canonicalTarget } from "../target.ts";
import type { RealtimeConnection } from "./connection.ts";

/** Minimum gap between two `typing` notices for one conversation (the server's limit). */
const TYPING_INTERVAL = 3000;

export class MessageActions {
  readonly #connection: () => RealtimeConnection | undefined;
  readonly #state: ChatState;
  readonly #messages: StatefulApis["messages"];
  readonly #conversation: (target: MessageTargetInput) => string;
  readonly #typingSentAt = new Map<string, number>();

  constructor(
    connection: () => RealtimeConnection | undefined,
    state: ChatState,
    messages: StatefulApis["messages"],
    conversation: (target: MessageTargetInput) => string,
  ) {
    this.#connection = connection;
    this.#state = state;
    this.#messages = messages;
    this.#conversation = conversation;
  }

  async edit(messageId: string, content: string): Promise<Message> {
    const connection = this.#connection();
    if (!connection) return (await this.#messages.edit(messageId, content)).message;
    const { message } = await connection.request("edit_message", { message_id: messageId, content });
    this.#state.mergeMessages([message]);
    return message;
  }

  async delete(messageId: string): Promise<void> {
    const connection = this.#connection();
    if (!connection) {
      await this.#messages.delete(messageId);
      return;
    }
    await connection.request("delete_message", { message_id: messageId });
    const found = this.#state.findMessage(messageId);
    if (found && this.#state.timeline(found.conversation).remove(messageId)) {
      this.#state.changed({ kind: "timeline", conversation: found.conversation });
    }
  }

  typing(target: MessageTargetInput): void {
    const connection = this.#connection();
    if (!connection) return;
    const canonical = canonicalTarget(target);
    const key = this.#conversation(canonical);
    const now = Date.now();
    if (now - (this.#typingSentAt.get(key) ?? Number.NEGATIVE_INFINITY) < TYPING_INTERVAL) return;
    this.#typingSentAt.set(key, now);
    connection.notify("typing", { target: canonical });
  }

  async markRead(target: MessageTargetInput, upTo?: string): Promise<number> {
    const connection = this.#connection();
    if (!connection) return (await this.#messages.markRead(target, upTo)).unread_count;
    const canonical = canonicalTarget(target);
    const res = await connection.request("mark_read", {
      target: canonical,
      ...(upTo ? { up_to: upTo } : {}),
    });
    this.#state.setUnread(this.#conversation(canonical), res.unread_count);
    return res.unread_count;
  }
}
