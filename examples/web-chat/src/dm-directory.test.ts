import { ChatState } from "@lair-chat/client";
import { describe, expect, it } from "vitest";
import { DmDirectory } from "./dm-directory.ts";

function memoryStorage(): Pick<Storage, "getItem" | "setItem"> {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const me = {
  id: "u-me",
  username: "me",
  email: "me@example.test",
  role: "user" as const,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  last_seen_at: null,
};

describe("DmDirectory", () => {
  it("keeps partners per account, most recent first, across instances", () => {
    const storage = memoryStorage();
    const state = new ChatState();
    state.setMe(me);
    const dms = new DmDirectory(state, storage);
    dms.load(me.id);
    dms.touch("u-a");
    dms.touch("u-b");
    dms.touch("u-a");
    expect(dms.partners()).toEqual(["u-a", "u-b"]);

    const again = new DmDirectory(state, storage);
    again.load(me.id);
    expect(again.partners()).toEqual(["u-a", "u-b"]);
    again.load("someone-else");
    expect(again.partners()).toEqual([]);
  });

  it("adds partners the state knows from unread counts or messages", () => {
    const state = new ChatState();
    state.setMe(me);
    const dms = new DmDirectory(state, memoryStorage());
    dms.load(me.id);
    state.setUnread(state.dmKey("u-c"), 2);
    state.mergeMessages([
      {
        id: "m1",
        author: "u-d",
        target: { type: "dm", recipient: me.id },
        content: "hello",
        edited: false,
        created_at: "2026-01-01T00:00:00Z",
      },
    ]);
    expect(dms.partners().sort()).toEqual(["u-c", "u-d"]);
  });
});
