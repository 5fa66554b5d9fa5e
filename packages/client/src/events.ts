/** The client's typed events: every Lair event under its wire name, plus the client's own. */
import type { EventOf, EventType, LairError, Message, User } from "@lair-chat/protocol";
import type { ConnectionState } from "./realtime/connection-manager.ts";
import type { Gap } from "./state/apply-event.ts";
import type { StateChange } from "./state/chat-state.ts";
import type { MessageStatus } from "./state/timeline.ts";
import type { ResumeReport } from "./sync/resume-sync.ts";

/** A sent message changed delivery state. */
export interface MessageStatusEvent {
  clientMessageId: string;
  conversation: string;
  status: MessageStatus;
  /** The server's copy, once `sent`. */
  message?: Message;
  /** Why it failed (status `failed`). */
  error?: { code: string; message: string };
}

/** A hole in a conversation: found live (a skipped seq) or reported by `resume` (`recovered: false`). */
export interface GapEvent extends Gap {
  reason: "live" | "resume";
}

/** Every Lair event, by its wire name. */
export type LairEventMap = { [K in EventType]: [event: EventOf<K>] };

export interface ClientEventMap {
  connectionState: [state: ConnectionState, previous: ConnectionState];
  messageStatus: [event: MessageStatusEvent];
  /** A (re)connection has caught up: replayed, backfilled, or nothing to do. */
  resumed: [report: ResumeReport];
  gap: [gap: GapEvent];
  /** Local state changed (for UIs). */
  change: [change: StateChange];
  signedIn: [user: User];
  /** The session ended: logout, or the server refused the token (`reason`). */
  signedOut: [reason?: LairError];
  /** A problem that did not stop the client (unreadable frame, failed sync step…). */
  error: [error: LairError];
}

export type LairClientEvents = LairEventMap & ClientEventMap;
