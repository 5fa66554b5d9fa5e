import { describe, expect, it } from "vitest";
import type { LairError } from "../errors/lair-error.ts";
import { createMemoryTransportPair } from "./memory-transport.ts";
import type { TransportCloseInfo } from "./transport.ts";
import { whenOpen } from "./when-open.ts";

function collect(transport: ReturnType<typeof createMemoryTransportPair>[0]) {
  const log: string[] = [];
  transport.on("message", (m) => log.push(`message:${m}`));
  transport.on("close", (c) => log.push(`close:${c.code}:${c.reason}:${c.wasClean}`));
  transport.on("error", (e) => log.push(`error:${e.code}`));
  return log;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createMemoryTransportPair", () => {
  it("starts open, delivers in order and asynchronously", async () => {
    const [a, b] = createMemoryTransportPair();
    expect(a.readyState).toBe("open");
    await whenOpen(a);
    const log = collect(b);
    a.send("one");
    a.send("two");
    expect(log).toEqual([]);
    await tick();
    expect(log).toEqual(["message:one", "message:two"]);
    expect(a.bufferedAmount).toBe(0);
  });

  it("propagates close with code and reason after pending messages", async () => {
    const [a, b] = createMemoryTransportPair();
    const logA = collect(a);
    const logB = collect(b);
    a.send("last");
    a.close(4000, "done");
    expect(a.readyState).toBe("closing");
    a.close(); // idempotent
    await tick();
    expect(logB).toEqual(["message:last", "close:4000:done:true"]);
    expect(logA).toEqual(["close:4000:done:true"]);
    expect(a.readyState).toBe("closed");
    expect(b.readyState).toBe("closed");
  });

  it("drops messages to a closed peer and throws a typed error on send after close", async () => {
    const [a, b] = createMemoryTransportPair();
    const logA = collect(a);
    b.send("late"); // sent while a is closing: never delivered
    a.close();
    await tick();
    expect(logA).toEqual(["close:1000::true"]);
    let error: LairError | undefined;
    try {
      a.send("x");
    } catch (e) {
      error = e as LairError;
    }
    expect(error?.code).toBe("connection_closed");
    expect(() => b.send("x")).toThrow(/closed/i);
    await expect(whenOpen(a)).rejects.toMatchObject({ code: "connection_closed" });
  });

  it("terminate reports an unclean close on both sides", async () => {
    const [a, b] = createMemoryTransportPair();
    const closes: TransportCloseInfo[] = [];
    a.on("close", (c) => closes.push(c));
    b.on("close", (c) => closes.push(c));
    b.terminate();
    await tick();
    expect(closes).toEqual([
      { code: 1006, reason: "", wasClean: false },
      { code: 1006, reason: "", wasClean: false },
    ]);
  });

  it("validates its arguments", () => {
    const [a] = createMemoryTransportPair();
    expect(() => a.send(1 as unknown as string)).toThrow(TypeError);
    expect(() => a.close(1006)).toThrow(RangeError);
    expect(() => a.close(999)).toThrow(RangeError);
    expect(() => a.close(1000, "x".repeat(124))).toThrow(RangeError);
    expect(a.readyState).toBe("open");
  });
});
