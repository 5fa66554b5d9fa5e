/**
 * How each server event changes the ChatState (docs/client.md#state). Message events also feed
 * the per-conversation sequence, which reports a gap when a seq was skipped.
 */
import { dmConversationKey, roomConversationKey, type ServerEvent } from "@lair-chat/protocol";
import type { ChatState } from "./chat-state.ts";

/** A hole in a conversation's sequence: seqs `from`..`to` were never seen. */
export interface Gap {
  conversation: string;
  from: number;
  to: number;
}

/** What applying an event found out beyond the state change itself. */
export interface EventOutcome {
  gap?: Gap;
}

function observe(state: ChatState, conversation: string, seq: number | undefined): EventOutcome {
  if (seq === undefined) return {};
  const seen = state.seqs.observe(conversation, seq);
  return seen.kind === "gap" ? { gap: { conversation, from: seen.from, to: seen.to } } : {};
}

export function applyEvent(state: ChatState, event: ServerEvent): EventOutcome {
  const selfId = state.me?.id;
  switch (event.type) {
    case "message_received": {
      const { message } = event;
      const conversation = state.conversationOf(message);
      const timeline = state.timeline(conversation);
      const isNew = !message.deleted && !timeline.has(message.id);
      const withSeq =
        message.seq === undefined && event.seq !== undefined ? { ...message, seq: event.seq } : message;
      state.people.rememberUsername(message.author, event.author_username);
      if (timeline.upsert(withSeq, event.author_username)) state.changed({ kind: "timeline", conversation });
      if (isNew && message.author !== selfId) state.setUnread(conversation, state.unread(conversation) + 1);
      state.typingTracker.stopped(conversation, message.author);
      return observe(state, conversation, event.seq ?? message.seq);
    }
    case "message_edited": {
      const conversation = state.conversationOf(event.message);
      if (state.timeline(conversation).upsert(event.message))
        state.changed({ kind: "timeline", conversation });
      return observe(state, conversation, event.seq);
    }
    case "message_deleted": {
      const conversation =
        state.findMessage(event.message_id)?.conversation ??
        (event.target.type === "room"
          ? roomConversationKey(event.target.room_id)
          : // A DM target names the recipient; when that is us, the other party is the author,
            // who (in a DM) is the only one allowed to delete.
            dmConversationKey(
              event.target.recipient === selfId ? event.deleted_by : event.target.recipient,
              selfId ?? event.deleted_by,
            ));
      const timeline = state.timeline(conversation);
      if (timeline.remove(event.message_id)) state.changed({ kind: "timeline", conversation });
      return observe(state, conversation, event.seq);
    }
    case "user_joined_room": {
      const { room_id: roomId, user, membership } = event;
      state.people.rememberUsername(user.id, user.username);
      state.people.upsertMember(roomId, {
        user_id: user.id,
        username: user.username,
        role: membership.role,
        joined_at: membership.joined_at,
        is_online: state.isOnline(user.id),
      });
      state.adjustMemberCount(roomId, 1);
      if (user.id === selfId) state.setMembership(roomId, membership);
      return {};
    }
    case "user_left_room": {
      state.people.removeMember(event.room_id, event.user_id);
      state.adjustMemberCount(event.room_id, -1);
      if (event.user_id === selfId) state.setMembership(event.room_id, null);
      return {};
    }
    case "member_role_changed": {
      const member = state.members(event.room_id).find((m) => m.user_id === event.user_id);
      if (member) state.people.upsertMember(event.room_id, { ...member, role: event.new_role });
      const entry = state.room(event.room_id);
      if (event.user_id === selfId && entry?.membership) {
        state.setMembership(event.room_id, { ...entry.membership, role: event.new_role });
      }
      return {};
    }
    case "room_updated":
      state.setRoom(event.room);
      return {};
    case "room_deleted":
      state.removeRoom(event.room_id);
      return {};
    case "user_online":
      state.people.setOnline(event.user_id, true, event.username);
      return {};
    case "user_offline":
      state.people.setOnline(event.user_id, false, event.username);
      return {};
    case "user_typing": {
      if (event.user_id === selfId) return {};
      const conversation =
        event.target.type === "room"
          ? roomConversationKey(event.target.room_id)
          : dmConversationKey(event.user_id, event.target.recipient);
      state.typingTracker.typing(conversation, event.user_id);
      return {};
    }
    case "invitation_received":
      state.upsertInvitation(event.invitation);
      return {};
    case "invitation_cancelled":
      state.removeInvitation(event.invitation_id);
      return {};
    case "server_notice":
    case "session_expiring":
      return {};
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}
