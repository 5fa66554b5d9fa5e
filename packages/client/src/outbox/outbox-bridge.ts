/**
 * Shows the outbox in the timelines and reports delivery: each queued message appears as a
 * `pending` item, turns `sent` under the same key when acknowledged or `failed` with a reason,
 * and a `messageStatus` event follows every change.
 */
import {
  contentProblem,
  hasFeature,
  LairError,
  type Message,
  type MessageTargetInput,
} from "@lair-chat/protocol";
import type { MessageStatusEvent } from "../events.ts";
import type { RealtimeConnection } from "../realtime/connection.ts";
import type { ChatState } from "../state/chat-state.ts";
import { canonicalTarget } from "../target.ts";
import type { Outbox } from "./outbox.ts";
import type { OutboxEntry } from "./outbox-store.ts";

/** What `send` hands back: the message's identity, and a promise of how delivery ended. */
export interface SendReceipt {
  clientMessageId: string;
  conversation: string;
  /** Settles when the server acknowledged (`sent`) or refused (`failed`) the message; never rejects. */
  delivered: Promise<MessageStatusEvent>;
}

export interface OutboxBridge {
  /** Queue a message for `target` as `authorId`; see LairClient.send. */
  send(
    target: MessageTargetInput,
    content: string,
    authorId: string,
    clientMessageId: string | undefined,
  ): Promise<SendReceipt>;
}

/**
 * The outbox's `send`: one `send_message` over the live connection, with the entry's
 * `client_message_id` when the server deduplicates (`idempotency`), which makes retries safe.
 */
export function transmitOver(connection: () => RealtimeConnection | undefined) {
  return async (entry: OutboxEntry): Promise<Message> => {
    const live = connection();
    if (!live) throw new LairError("connection_closed", { message: "Not connected" });
    const { message } = await live.request("send_message", {
      target: entry.target,
      content: entry.content,
      ...(hasFeature(live.features, "idempotency") ? { client_message_id: entry.clientMessageId } : {}),
    });
    return message;
  };
}

export function bridgeOutbox(
  outbox: Outbox,
  state: ChatState,
  emitStatus: (event: MessageStatusEvent) => void,
): OutboxBridge {
  const deliveries = new Map<string, (event: MessageStatusEvent) => void>();
  const status = (
    entry: OutboxEntry,
    event: Omit<MessageStatusEvent, "clientMessageId" | "conversation">,
  ) => {
    const full: MessageStatusEvent = {
      clientMessageId: entry.clientMessageId,
      conversation: entry.conversation,
      ...event,
    };
    emitStatus(full);
    if (event.status !== "pending") {
      deliveries.get(entry.clientMessageId)?.(full);
      deliveries.delete(entry.clientMessageId);
    }
  };
  const show = (entry: OutboxEntry) => {
    if (state.timeline(entry.conversation).upsertPending(entry, state.me?.username)) {
      state.changed({ kind: "timeline", conversation: entry.conversation });
    }
  };
  outbox.on("pending", (entry) => {
    show(entry);
    status(entry, { status: "pending" });
  });
  outbox.on("failed", (entry) => {
    show(entry);
    status(entry, { status: "failed", ...(entry.error ? { error: entry.error } : {}) });
  });
  outbox.on("sent", (entry, result) => {
    const message = result as Message;
    state.timeline(entry.conversation).acknowledge(entry.clientMessageId, message, state.me?.username);
    state.changed({ kind: "timeline", conversation: entry.conversation });
    status(entry, { status: "sent", message });
  });
  outbox.on("discarded", (entry) => {
    if (state.timeline(entry.conversation).removePending(entry.clientMessageId)) {
      state.changed({ kind: "timeline", conversation: entry.conversation });
    }
  });
  return {
    async send(target, content, authorId, clientMessageId) {
      const problem = typeof content === "string" ? contentProblem(content) : "content must be a string";
      if (problem) throw new LairError("content_invalid", { message: problem });
      const canonical = canonicalTarget(target);
      const conversation = state.conversationOf({ target: canonical, author: authorId });
      let settle!: (event: MessageStatusEvent) => void;
      const delivered = new Promise<MessageStatusEvent>((resolve) => {
        settle = resolve;
      });
      const entry = await outbox.enqueue({
        conversation,
        target: canonical,
        content,
        ...(clientMessageId ? { clientMessageId } : {}),
      });
      deliveries.set(entry.clientMessageId, settle);
      return { clientMessageId: entry.clientMessageId, conversation, delivered };
    },
  };
}
