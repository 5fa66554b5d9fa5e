/**
 * A server event (Lair EVENTS.md): its type and fields, plus the extension fields that only
 * peers that negotiated them see. Rendered to JSON once per feature variant.
 */
import { randomUUID } from "node:crypto";
import { iso } from "./wire.ts";

export interface LairEvent {
  type: string;
  /** Unique per event (clients deduplicate on it). */
  id: string;
  /** RFC 3339 `Z`. */
  timestamp: string;
  /** The Lair 1.1 fields. A `message` field is the message without extension fields. */
  body: Record<string, unknown>;
  /** Extension data. */
  ext?: {
    /** The log seq of this step of the conversation (`seq`). */
    seq?: number;
    /** `message.seq` (`seq`). */
    messageSeq?: number;
    /** `message.client_message_id` (`idempotency`). */
    clientMessageId?: string;
    /** `message.kind` (`attachments`). */
    kind?: string;
    /** `message.attachments` (`attachments`). */
    attachments?: unknown[];
  };
}

export function createEvent(
  type: string,
  body: Record<string, unknown>,
  at: number,
  ext?: LairEvent["ext"],
): LairEvent {
  return ext
    ? { type, id: randomUUID(), timestamp: iso(at), body, ext }
    : { type, id: randomUUID(), timestamp: iso(at), body };
}

/** Variant key: which extension fields a reader gets. */
export function variantOf(features: ReadonlySet<string>): number {
  return (
    (features.has("seq") ? 1 : 0) |
    (features.has("idempotency") ? 2 : 0) |
    (features.has("attachments") ? 4 : 0)
  );
}

/** The JSON text of an event for a variant. */
export function renderEvent(event: LairEvent, variant: number): string {
  const out: Record<string, unknown> = {
    type: event.type,
    id: event.id,
    timestamp: event.timestamp,
    ...event.body,
  };
  const ext = event.ext;
  if (ext && variant !== 0) {
    const withSeq = (variant & 1) !== 0;
    const withIdem = (variant & 2) !== 0;
    if (withSeq && ext.seq !== undefined) out.seq = ext.seq;
    const message = out.message as Record<string, unknown> | undefined;
    if (message) {
      const m = { ...message };
      if (withSeq && ext.messageSeq !== undefined) m.seq = ext.messageSeq;
      if (withIdem && ext.clientMessageId !== undefined) m.client_message_id = ext.clientMessageId;
      if ((variant & 4) !== 0 && ext.attachments !== undefined) {
        m.kind = ext.kind;
        m.attachments = ext.attachments;
      }
      out.message = m;
    }
  }
  return JSON.stringify(out);
}
