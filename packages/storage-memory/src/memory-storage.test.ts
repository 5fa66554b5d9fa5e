import { storageSuite } from "@lair-chat/testkit";
import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "./memory-storage.ts";

describe("memory storage: conformance", () => {
  storageSuite({
    test: it,
    describe,
    create: async () => {
      const storage = createMemoryStorage();
      return { storage, cleanup: () => storage.close() };
    },
  });
});

describe("memory storage with deferred results: conformance", () => {
  storageSuite({
    test: it,
    describe,
    create: async () => {
      const storage = createMemoryStorage({ deferResults: true });
      return { storage, cleanup: () => storage.close() };
    },
  });
});

describe("createMemoryStorage", () => {
  const user = (id: string, username: string) => ({
    id,
    username,
    email: `${username}@example.com`,
    passwordHash: "h",
    role: "user" as const,
    createdAt: 1,
    updatedAt: 1,
    lastSeenAt: null,
    bannedAt: null,
    deletedAt: null,
  });

  it("declares a non-persistent, single-process storage with batch appends and attachments", () => {
    expect(createMemoryStorage().capabilities).toEqual({
      attachments: true,
      persistent: false,
      multiProcess: false,
      batchAppend: true,
    });
  });

  it("keeps two instances apart", async () => {
    const a = createMemoryStorage();
    const b = createMemoryStorage();
    await a.createUser(user("u1", "alice"));
    expect(await b.getUser("u1")).toBeNull();
    await b.createUser(user("u1", "alice"));
  });

  it("neither shares its records with callers nor keeps their inputs", async () => {
    const storage = createMemoryStorage();
    const input = user("u1", "alice");
    await storage.createUser(input);
    input.username = "changed";
    const first = await storage.getUser("u1");
    first!.email = "changed@example.com";
    const second = await storage.getUser("u1");
    expect(second).toEqual(user("u1", "alice"));
    expect(second).not.toBe(first);
    const page = await storage.listUsers({ limit: 1, offset: 0 });
    page.items[0]!.role = "admin";
    expect((await storage.getUser("u1"))?.role).toBe("user");
    expect(await storage.findUserByIdentifier("ALICE")).toEqual(user("u1", "alice"));
  });

  it("rejects every call with storage_unavailable after close", async () => {
    const storage = createMemoryStorage();
    await storage.close();
    await expect(storage.ping()).rejects.toMatchObject({ name: "LairError", code: "storage_unavailable" });
    await expect(storage.getUser("u1")).rejects.toMatchObject({ code: "storage_unavailable" });
  });

  it("does its work when called, even when results are deferred", async () => {
    const storage = createMemoryStorage({ deferResults: true });
    const pending = storage.createUser(user("u1", "alice"));
    const order: string[] = [];
    const read = storage.getUser("u1").then((u) => order.push(`read:${u?.username}`));
    queueMicrotask(() => order.push("microtask"));
    await Promise.all([pending, read]);
    expect(order).toEqual(["microtask", "read:alice"]);
  });

  it("refuses bad paging arguments with a RangeError", async () => {
    const storage = createMemoryStorage();
    await expect(storage.listUsers({ limit: -1, offset: 0 })).rejects.toBeInstanceOf(RangeError);
    await expect(storage.listMessages("room:x", { limit: 1.5 })).rejects.toBeInstanceOf(RangeError);
    expect(() => createMemoryStorage(null as never)).toThrow(TypeError);
  });

  it("rolls back a whole batch when one message id is already taken", async () => {
    const storage = createMemoryStorage();
    const message = (id: string) => ({
      id,
      conversation: "room:r",
      roomId: "r",
      recipientId: null,
      authorId: "u",
      content: id,
      clientMessageId: null,
      createdAt: 1,
    });
    await storage.appendMessage(message("m1"));
    await expect(storage.appendMessages([message("m2"), message("m1")])).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await storage.getMessage("m2")).toBeNull();
    expect(await storage.lastSeq("room:r")).toBe(1);
  });
});
