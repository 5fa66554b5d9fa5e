import type { ServerEvent, User } from "@lair-chat/protocol";
import { describe, expect, it } from "vitest";
import { applyEvent } from "./apply-event.ts";
import { ChatState, type StateChange } from "./chat-state.ts";

const at = "2025-01-01T00:00:00Z";
const user = (id: string, username = id): User => ({
  id,
  username,
  email: `${id}@x.test`,
  role: "user",
  created_at: at,
  updated_at: at,
  last_seen_at: null,
});
const room = {
  id: "r1",
  name: "general",
  owner: "u1",
  settings: { description: null, is_private: false, max_members: null },
  created_at: at,
};

function setup() {
  const state = new ChatState();
  state.setMe(user("u1", "alice"));
  const changes: StateChange[] = [];
  state.on("change", (c) => changes.push(c));
  const apply = (event: Record<string, unknown>) => applyEvent(state, event as unknown as ServerEvent);
  return { state, changes, apply };
}

describe("applyEvent", () => {
  it("keeps rooms, members, roles and presence in step with events", () => {
    const { state, apply } = setup();
    state.setRoom(room, {
      membership: { room_id: "r1", user_id: "u1", role: "owner", joined_at: at },
      memberCount: 1,
    });
    state.people.setMembers("r1", [
      { user_id: "u1", username: "alice", role: "owner", joined_at: at, is_online: true },
    ]);
    apply({
      type: "user_joined_room",
      room_id: "r1",
      user: user("u2", "bob"),
      membership: { room_id: "r1", user_id: "u2", role: "member", joined_at: at },
    });
    expect(state.members("r1").map((m) => [m.username, m.role, m.is_online])).toEqual([
      ["alice", "owner", true],
      ["bob", "member", false],
    ]);
    expect(state.room("r1")?.memberCount).toBe(2);
    apply({ type: "user_online", user_id: "u2", username: "bob" });
    expect(state.members("r1")[1]?.is_online).toBe(true);
    apply({
      type: "member_role_changed",
      room_id: "r1",
      user_id: "u2",
      username: "bob",
      old_role: "member",
      new_role: "moderator",
      changed_by: "u1",
    });
    expect(state.members("r1")[1]?.role).toBe("moderator");
    apply({ type: "user_left_room", room_id: "r1", user_id: "u2", reason: "kicked" });
    expect(state.members("r1").map((m) => m.username)).toEqual(["alice"]);
    expect(state.username("u2")).toBe("bob");
    apply({ type: "room_updated", room: { ...room, name: "renamed" }, changed_by: "u1" });
    expect(state.room("r1")?.room.name).toBe("renamed");
    expect(state.room("r1")?.membership?.role).toBe("owner");
    apply({ type: "user_left_room", room_id: "r1", user_id: "u1", reason: "banned" });
    expect(state.room("r1")?.isMember).toBe(false);
    apply({ type: "room_deleted", room_id: "r1", room_name: "renamed", deleted_by: "u1" });
    expect(state.room("r1")).toBeUndefined();
  });

  it("files DMs under one key for both parties and finds a deleted DM without its author", () => {
    const { state, apply } = setup();
    const dm = {
      id: "m1",
      author: "u2",
      target: { type: "dm", recipient: "u1" },
      content: "psst",
      edited: false,
      created_at: at,
      seq: 1,
    };
    apply({ type: "message_received", message: dm, author_username: "bob", seq: 1 });
    expect(state.timeline("dm:u1:u2").items.map((i) => i.message.id)).toEqual(["m1"]);
    expect(state.unread("dm:u1:u2")).toBe(1);
    apply({
      type: "message_deleted",
      message_id: "m1",
      target: { type: "dm", recipient: "u1" },
      deleted_by: "u2",
      seq: 2,
    });
    expect(state.timeline("dm:u1:u2").items).toEqual([]);
    expect(state.seqs.get("dm:u1:u2")).toBe(2);
  });

  it("reports a gap when a seq is skipped, and tracks typing and invitations", () => {
    const { state, apply, changes } = setup();
    const msg = (seq: number) => ({
      id: `m${seq}`,
      author: "u2",
      target: { type: "room", room_id: "r1" },
      content: "x",
      edited: false,
      created_at: at,
      seq,
    });
    expect(apply({ type: "message_received", message: msg(1), author_username: "bob", seq: 1 })).toEqual({});
    expect(apply({ type: "message_received", message: msg(4), author_username: "bob", seq: 4 })).toEqual({
      gap: { conversation: "room:r1", from: 2, to: 3 },
    });
    apply({ type: "user_typing", user_id: "u2", target: { type: "room", room_id: "r1" } });
    apply({ type: "user_typing", user_id: "u1", target: { type: "room", room_id: "r1" } });
    expect(state.typing("room:r1")).toEqual(["u2"]);
    const invitation = {
      id: "i1",
      room_id: "r9",
      inviter_id: "u2",
      invitee_id: "u1",
      status: "pending",
      message: null,
      created_at: at,
      expires_at: at,
      responded_at: null,
      room_name: "secret",
      inviter_name: "bob",
      invitee_name: "alice",
    };
    apply({ type: "invitation_received", invitation });
    expect(state.invitations.map((i) => i.id)).toEqual(["i1"]);
    apply({ type: "invitation_cancelled", invitation_id: "i1", reason: "expired" });
    expect(state.invitations).toEqual([]);
    expect(changes.map((c) => c.kind)).toEqual(
      expect.arrayContaining(["timeline", "unread", "typing", "invitations"]),
    );
    state.typingTracker.clear();
  });
});
