/** The pragmas really in force on the adapter's connection, and on the file itself. */
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, expect, it } from "vitest";
import { addUser } from "../../storage-knex/test-support/test-records.ts";
import { tempDir } from "../test-support/temp-dir.ts";
import { createSqliteStorage } from "./sqlite-storage.ts";

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

it("defaults to WAL, synchronous NORMAL, foreign keys on and a 5 s busy timeout", async () => {
  const filename = join(tmp.dir, "a.db");
  const storage = createSqliteStorage({ filename });
  try {
    await storage.init();
    expect(await storage.pragmas()).toEqual({
      journalMode: "wal",
      synchronous: "NORMAL",
      foreignKeys: true,
      busyTimeoutMs: 5000,
      // Checkpoints run on a worker thread, not inside a commit.
      walAutocheckpoint: 0,
    });
  } finally {
    await storage.close();
  }
  // WAL is a property of the file: a fresh connection that sets nothing sees it too.
  const raw = new Database(filename, { readonly: true });
  try {
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
  } finally {
    raw.close();
  }
});

it("applies synchronous FULL and a custom busy timeout when asked, from a sqlite: URL", async () => {
  const storage = createSqliteStorage({
    url: `sqlite:${join(tmp.dir, "b.db")}`,
    synchronous: "FULL",
    busyTimeoutMs: 250,
  });
  try {
    await storage.init();
    const pragmas = await storage.pragmas();
    expect(pragmas.synchronous).toBe("FULL");
    expect(pragmas.busyTimeoutMs).toBe(250);
    expect(storage.capabilities.persistent).toBe(true);
  } finally {
    await storage.close();
  }
});

it("enforces foreign keys", async () => {
  const storage = createSqliteStorage({ filename: join(tmp.dir, "c.db") });
  try {
    await storage.init();
    const session = {
      id: "s1",
      userId: "no-such-user",
      createdAt: 1,
      expiresAt: 2,
      lastActiveAt: 1,
      revokedAt: null,
      revokedReason: null,
      protocol: "http",
      ipAddress: null,
      userAgent: null,
    };
    await expect(storage.createSession(session)).rejects.toMatchObject({ code: "database_error" });
  } finally {
    await storage.close();
  }
});

it("sqlite::memory: works through the single pooled connection and is not persistent", async () => {
  const storage = createSqliteStorage({ url: "sqlite::memory:" });
  try {
    await storage.init();
    expect(storage.capabilities.persistent).toBe(false);
    expect((await storage.pragmas()).journalMode).toBe("memory");
    const user = await addUser(storage, "mem");
    expect(await storage.getUser(user.id)).toEqual(user);
  } finally {
    await storage.close();
  }
});

it("rejects bad options with TypeError/RangeError naming them", () => {
  expect(() => createSqliteStorage({})).toThrow(/filename and url/);
  expect(() => createSqliteStorage({ url: "postgres://h/db" })).toThrow(/options.url/);
  // @ts-expect-error: checked at runtime for JavaScript callers
  expect(() => createSqliteStorage({ filename: "x.db", synchronous: "OFF" })).toThrow(RangeError);
});
