/**
 * Shows the outbox in the timelines and reports delivery: each queued message appears as a
 * `pending` item, turns `sent` under the same key when acknowledged or `failed` with a reason,
 * and a `messageStatus` event follows every change.
 */
import type { Message } from "@lair-chat/protocol";
import type { MessageStatusEvent } from "../events.ts";
import type { ChatState } from "../state/chat-state.ts";
import type { Outbox } from "./outbox.ts";
import type { OutboxEntry } from "./outbox-store.ts";

export interface OutboxBridge {
  /** Settle `delivered` of a receipt when its message is sent or fails. */
  onDelivery(clientMessageId: string, settle: (event: MessageStatusEvent) => void): void;
}

export function bridgeOutbox(
  outbox: Outbox,
  state: ChatState,
  emitStatus: (event: MessageStatusEvent) => void,
): OutboxBridge {
  const deliveries = new Map<string, (event: MessageStatusEvent) => void>();
  const status = (entry: OutboxEntry, event: Omit<MessageStatusEvent, "clientMessageId" | "conversation">) => {
    const full: MessageStatusEvent = { clientMessageId: entry.clientMessageId, conversation: entry.conversation, ...event };
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
  return { onDelivery: (id, settle) => void deliveries.set(id, settle) };
}
