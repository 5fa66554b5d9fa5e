/**
 * Test support (not published): record builders for the SQL adapters' tests beyond the testkit
 * suite, shared by storage-sqlite and storage-postgres.
 */
import { randomUUID } from "node:crypto";
import type { NewMessage, Storage, UserRecord } from "@lair-chat/server";

export async function addUser(storage: Storage, name: string): Promise<UserRecord> {
  const user: UserRecord = {
    id: randomUUID(),
    username: name,
    email: `${name}@example.com`,
    passwordHash: "x",
    role: "user",
    createdAt: 1,
    updatedAt: 1,
    lastSeenAt: null,
    bannedAt: null,
    deletedAt: null,
  };
  await storage.createUser(user);
  return user;
}

export function newMessage(
  authorId: string,
  conversation: string,
  clientMessageId: string | null = null,
): NewMessage {
  return {
    id: randomUUID(),
    conversation,
    roomId: null,
    recipientId: null,
    authorId,
    content: "hello",
    clientMessageId,
    createdAt: Date.now(),
  };
}
