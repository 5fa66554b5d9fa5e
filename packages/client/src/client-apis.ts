/**
 * The HTTP API groups as the client exposes them: the same calls as `createRoomsApi` & co., with
 * their results also written into the ChatState, so state stays right whether a change arrives
 * as an event or as the answer to our own call.
 */
import { type AdminApi, createAdminApi } from "./http/admin-api.ts";
import type { HttpClient } from "./http/http-client.ts";
import { createInvitationsApi, type InvitationsApi } from "./http/invitations-api.ts";
import { createMessagesApi, type MessagesApi } from "./http/messages-api.ts";
import { createRoomsApi, type RoomsApi } from "./http/rooms-api.ts";
import { createUsersApi, type UsersApi } from "./http/users-api.ts";
import type { ChatState } from "./state/chat-state.ts";
import { canonicalTarget } from "./target.ts";

export interface StatefulApis {
  users: UsersApi;
  rooms: RoomsApi;
  messages: MessagesApi;
  invitations: InvitationsApi;
  admin: AdminApi;
}

export interface StatefulHooks {
  /** A room was joined: load its newest page so the timeline has a seq baseline. */
  joined(roomId: string): Promise<void>;
}

/** The HTTP groups over `http`, writing their results into `state`. */
export function createStatefulApis(http: HttpClient, state: ChatState, hooks: StatefulHooks): StatefulApis {
  return statefulApis(
    {
      users: createUsersApi(http),
      rooms: createRoomsApi(http),
      messages: createMessagesApi(http),
      invitations: createInvitationsApi(http),
      admin: createAdminApi(http),
    },
    state,
    hooks,
  );
}

export function statefulApis(raw: StatefulApis, state: ChatState, hooks: StatefulHooks): StatefulApis {
  const { users, rooms, messages, invitations } = raw;
  return {
    users: {
      ...users,
      async me() {
        const res = await users.me();
        state.setMe(res.user);
        if (res.unread_counts) state.setUnreadCounts(res.unread_counts);
        return res;
      },
    },
    rooms: {
      ...rooms,
      async create(input) {
        const res = await rooms.create(input);
        const me = state.me;
        state.setRoom(res.room, {
          isMember: true,
          ...(me
            ? {
                membership: {
                  room_id: res.room.id,
                  user_id: me.id,
                  role: "owner",
                  joined_at: res.room.created_at,
                },
              }
            : {}),
        });
        await hooks.joined(res.room.id);
        return res;
      },
      async list(params) {
        const res = await rooms.list(params);
        for (const item of res.rooms) {
          state.setRoom(item.room, { isMember: item.is_member, memberCount: item.member_count });
        }
        return res;
      },
      async get(roomId) {
        const res = await rooms.get(roomId);
        state.setRoom(res.room, { membership: res.membership, memberCount: res.member_count });
        return res;
      },
      async update(roomId, input) {
        const res = await rooms.update(roomId, input);
        state.setRoom(res.room);
        return res;
      },
      async delete(roomId) {
        const res = await rooms.delete(roomId);
        state.removeRoom(roomId);
        return res;
      },
      async join(roomId) {
        const res = await rooms.join(roomId);
        state.setRoom(res.room, { membership: res.membership });
        await hooks.joined(roomId);
        return res;
      },
      async leave(roomId) {
        const res = await rooms.leave(roomId);
        state.setMembership(roomId, null);
        return res;
      },
      async members(roomId, params) {
        const res = await rooms.members(roomId, params);
        // A partial page would make the list look complete; only a full listing replaces it.
        if (!params?.offset && res.members.length === res.total) state.people.setMembers(roomId, res.members);
        return res;
      },
    },
    messages: {
      ...messages,
      async send(params) {
        const res = await messages.send(params);
        state.mergeMessages([res.message]);
        return res;
      },
      async sendFile(conversation, file, options) {
        const res = await messages.sendFile(conversation, file, options);
        state.mergeMessages([res.message]);
        return res;
      },
      async edit(messageId, content) {
        const res = await messages.edit(messageId, content);
        state.mergeMessages([res.message]);
        return res;
      },
      async delete(messageId) {
        const res = await messages.delete(messageId);
        const found = state.findMessage(messageId);
        if (found && state.timeline(found.conversation).remove(messageId)) {
          state.changed({ kind: "timeline", conversation: found.conversation });
        }
        return res;
      },
      async markRead(target, upTo) {
        const res = await messages.markRead(target, upTo);
        const me = state.me;
        if (me)
          state.setUnread(
            state.conversationOf({ target: canonicalTarget(target), author: me.id }),
            res.unread_count,
          );
        return res;
      },
      async unread() {
        const counts = await messages.unread();
        state.setUnreadCounts(counts);
        return counts;
      },
    },
    invitations: {
      ...invitations,
      async list(params) {
        const res = await invitations.list(params);
        if (!params?.offset && !res.has_more) state.setInvitations(res.invitations);
        return res;
      },
      async accept(invitationId) {
        const res = await invitations.accept(invitationId);
        state.removeInvitation(invitationId);
        state.setRoom(res.room, { membership: res.membership });
        await hooks.joined(res.room.id);
        return res;
      },
      async decline(invitationId) {
        const res = await invitations.decline(invitationId);
        state.removeInvitation(invitationId);
        return res;
      },
    },
    admin: raw.admin,
  };
}
