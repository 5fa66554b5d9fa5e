/**
 * Test support (not exported): temp directories and record builders for the SQLite tests
 * beyond the testkit suite.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NewMessage, Storage, UserRecord } from "@lair-chat/server";

/** A fresh temp directory and its removal. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "lair-sqlite-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

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
