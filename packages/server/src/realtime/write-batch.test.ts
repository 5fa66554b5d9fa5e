import { describe, expect, it } from "vitest";
import { type BatchedWriter, WriteBatch } from "./write-batch.ts";

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function writer(log: string[], name: string, fail = false): BatchedWriter {
  return {
    corkWrites: () => log.push(`cork ${name}`),
    flushWrites: () => {
      log.push(`flush ${name}`);
      if (fail) throw new Error(`flush ${name} failed`);
    },
  };
}

describe("WriteBatch", () => {
  it("corks at once and flushes every writer of the turn together, in join order", async () => {
    const log: string[] = [];
    const batch = new WriteBatch((e) => log.push(String(e)));
    batch.join(writer(log, "a"));
    batch.join(writer(log, "b"));
    expect(log).toEqual(["cork a", "cork b"]);
    await Promise.resolve();
    process.nextTick(() => log.push("tick"));
    await nextTurn();
    expect(log).toEqual(["cork a", "cork b", "tick", "flush a", "flush b"]);
  });

  it("a writer that throws is reported and the others still flush", async () => {
    const errors: string[] = [];
    const log: string[] = [];
    const batch = new WriteBatch((e) => errors.push((e as Error).message));
    batch.join(writer(log, "a", true));
    batch.join(writer(log, "b"));
    await nextTurn();
    expect(log).toEqual(["cork a", "cork b", "flush a", "flush b"]);
    expect(errors).toEqual(["flush a failed"]);
  });

  it("a join during a flush goes into the next turn's batch", async () => {
    const log: string[] = [];
    const batch = new WriteBatch(() => {});
    const late = writer(log, "late");
    batch.join({
      corkWrites: () => log.push("cork a"),
      flushWrites: () => {
        log.push("flush a");
        batch.join(late);
      },
    });
    await nextTurn();
    expect(log).toEqual(["cork a", "flush a", "cork late"]);
    await nextTurn();
    expect(log).toEqual(["cork a", "flush a", "cork late", "flush late"]);
  });

  it("flush() releases everything now", () => {
    const log: string[] = [];
    const batch = new WriteBatch(() => {});
    batch.join(writer(log, "a"));
    batch.flush();
    expect(log).toEqual(["cork a", "flush a"]);
  });
});
