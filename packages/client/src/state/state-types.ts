/** Shapes of the client's local state (see chat-state.ts). */
import type { Room, RoomMembership } from "@lair-chat/protocol";

/** A room the client knows, and whether (and how) the user is in it. */
export interface RoomEntry {
  room: Room;
  isMember: boolean;
  /** The user's membership, when known (role, joined_at). */
  membership: RoomMembership | null;
  memberCount?: number;
}

export interface RoomFacts {
  isMember?: boolean;
  membership?: RoomMembership | null;
  memberCount?: number;
}

/** What changed; UIs re-render the matching part. */
export type StateChange =
  | { kind: "session" }
  | { kind: "rooms"; roomId: string }
  | { kind: "members"; roomId: string }
  | { kind: "presence"; userId: string }
  | { kind: "unread"; conversation: string }
  | { kind: "typing"; conversation: string }
  | { kind: "timeline"; conversation: string }
  | { kind: "invitations" };
