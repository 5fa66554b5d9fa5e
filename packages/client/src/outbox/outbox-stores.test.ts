import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileOutboxStore } from "./file-outbox-store.ts";
import { LocalStorageOutboxStore } from "./local-storage-outbox-store.ts";
import { MemoryOutboxStore, type OutboxEntry, type OutboxStore } from "./outbox-store.ts";

function entry(id: string, order: number): OutboxEntry {
  return {
    clientMessageId: id,
    ownerId: "u1",
    conversation: "room:r1",
    target: { type: "room", room_id: "r1" },
    content: `content ${id}`,
    createdAt: "2025-01-01T00:00:00.000Z",
    order,
    status: "pending",
    attempts: 0,
  };
}

/** A Web Storage stand-in backed by a Map (Node has no localStorage). */
function mapStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function fileStore(): Promise<FileOutboxStore> {
  const dir = await mkdtemp(join(tmpdir(), "lair-outbox-"));
  dirs.push(dir);
  return new FileOutboxStore({ path: join(dir, "outbox.json") });
}

const cases: Array<[string, () => Promise<{ store: OutboxStore; reopen: () => OutboxStore }>]> = [
  [
    "memory",
    async () => {
      const store = new MemoryOutboxStore();
      return { store, reopen: () => store };
    },
  ],
  [
    "localStorage",
    async () => {
      const storage = mapStorage();
      return {
        store: new LocalStorageOutboxStore({ storage }),
        reopen: () => new LocalStorageOutboxStore({ storage }),
      };
    },
  ],
  [
    "file",
    async () => {
      const store = await fileStore();
      return { store, reopen: () => new FileOutboxStore({ path: store.path }) };
    },
  ],
];

describe.each(cases)("%s outbox store", (_name, create) => {
  it("puts, replaces, deletes and survives reopening", async () => {
    const { store, reopen } = await create();
    expect(await store.load()).toEqual([]);
    await store.put(entry("a", 1));
    await store.put(entry("b", 2));
    await store.put({ ...entry("a", 1), status: "failed", error: { code: "x", message: "y" } });
    await store.delete("missing");
    await store.delete("b");
    const again = await reopen().load();
    expect(again).toEqual([{ ...entry("a", 1), status: "failed", error: { code: "x", message: "y" } }]);
  });

  it("returns copies, not live objects", async () => {
    const { store } = await create();
    const e = entry("a", 1);
    await store.put(e);
    e.content = "changed";
    const [loaded] = await store.load();
    expect(loaded?.content).toBe("content a");
  });
});

describe("FileOutboxStore", () => {
  it("keeps the file consistent under concurrent writes and skips corrupt records", async () => {
    const store = await fileStore();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(entry(`e${i}`, i))));
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.delete(`e${i * 2}`)));
    const onDisk = JSON.parse(await readFile(store.path, "utf8")) as OutboxEntry[];
    expect(onDisk.map((e) => e.clientMessageId).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `e${i * 2 + 1}`).sort(),
    );
    const { writeFile } = await import("node:fs/promises");
    await writeFile(store.path, JSON.stringify([{ junk: true }, entry("ok", 1)]));
    expect((await new FileOutboxStore({ path: store.path }).load()).map((e) => e.clientMessageId)).toEqual([
      "ok",
    ]);
  });

  it("rejects a missing path", () => {
    expect(() => new FileOutboxStore({ path: "" })).toThrow(TypeError);
  });
});
