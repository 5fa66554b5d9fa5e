import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ScriptedPeer } from "../../test-support/scripted-peer.ts";
import { resolveLogger } from "../logger.ts";
import { ReconnectPolicy } from "../reconnect/reconnect-policy.ts";
import { schemaValidator } from "../validation/schema-validator.ts";
import {
  ConnectionManager,
  type ConnectionManagerOptions,
  type ConnectionState,
} from "./connection-manager.ts";

/** A factory whose every `open()` is a new scripted peer the test drives. */
function peers() {
  const opened: ScriptedPeer[] = [];
  const waiters: Array<(peer: ScriptedPeer) => void> = [];
  let taken = 0;
  return {
    opened,
    factory: {
      kind: "memory",
      open: () => {
        const peer = new ScriptedPeer();
        opened.push(peer);
        waiters.shift()?.(peer);
        return peer.opened();
      },
    },
    nextPeer(): Promise<ScriptedPeer> {
      const index = taken++;
      return new Promise((resolve) => {
        const check = () => (opened[index] ? resolve(opened[index]) : waiters.push(check));
        check();
      });
    },
  };
}

function manager(
  factory: ConnectionManagerOptions["factory"],
  extra: Partial<ConnectionManagerOptions> = {},
) {
  const states: ConnectionState[] = [];
  const m = new ConnectionManager({
    factory,
    policy: new ReconnectPolicy({
      minDelay: 1000,
      maxDelay: 8000,
      jitter: 0,
      minUptime: 5000,
      connectTimeout: 2000,
    }),
    connection: {
      getToken: async () => "tok",
      features: ["seq", "resume"],
      clientName: "test",
      requestTimeout: 1000,
      heartbeatInterval: 30_000,
      heartbeatTimeout: 10_000,
      validator: schemaValidator,
      logger: resolveLogger(undefined),
    },
    onConnected: async () => {},
    refreshToken: async () => false,
    logger: resolveLogger(undefined),
    ...extra,
  });
  m.on("state", (s) => states.push(s));
  return { m, states };
}

describe("ConnectionManager", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("connects, reconnects with growing backoff after drops, and resets after minUptime", async () => {
    const p = peers();
    const reconnects: boolean[] = [];
    const { m, states } = manager(p.factory, {
      onConnected: async (_c, again) => void reconnects.push(again),
    });
    const started = m.start();
    let peer = await p.nextPeer();
    peer.hello(["seq"]);
    await peer.acceptAuth();
    await started;
    expect(m.state).toBe("connected");

    // Drop right away: the next attempt waits minDelay (1 s), then 2 s after a failed attempt.
    peer.server.terminate();
    await vi.advanceTimersByTimeAsync(0);
    expect(m.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(999);
    expect(p.opened).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    peer = p.opened[1]!;
    peer.server.terminate(); // refused before hello
    await vi.advanceTimersByTimeAsync(1999);
    expect(p.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    peer = p.opened[2]!;
    peer.hello();
    await peer.acceptAuth();
    await vi.advanceTimersByTimeAsync(0);
    expect(m.state).toBe("connected");
    expect(reconnects).toEqual([false, true]);

    // Stable for minUptime: the next drop starts again from minDelay.
    await vi.advanceTimersByTimeAsync(5000);
    peer.server.terminate();
    await vi.advanceTimersByTimeAsync(1000);
    expect(p.opened).toHaveLength(4);
    expect(states).toEqual(["connecting", "connected", "reconnecting", "connected", "reconnecting"]);
    m.stop();
    expect(m.state).toBe("disconnected");
  });

  it("gives up on credentials no retry can fix", async () => {
    const p = peers();
    const { m } = manager(p.factory);
    const fatal = vi.fn();
    m.on("fatal", fatal);
    const started = m.start().catch((e: unknown) => e);
    const peer = await p.nextPeer();
    peer.hello();
    peer.replyError(await peer.next("authenticate"), "session_not_found");
    expect(await started).toMatchObject({ code: "session_not_found" });
    expect(m.state).toBe("disconnected");
    expect(fatal).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(p.opened).toHaveLength(1);
  });

  it("refreshes an expired token and retries at once", async () => {
    const p = peers();
    let token = "old";
    const { m } = manager(p.factory, {
      connection: {
        getToken: async () => token,
        features: [],
        clientName: "test",
        requestTimeout: 1000,
        heartbeatInterval: 30_000,
        heartbeatTimeout: 10_000,
        validator: schemaValidator,
        logger: resolveLogger(undefined),
      },
      refreshToken: async () => {
        token = "new";
        return true;
      },
    });
    const started = m.start();
    let peer = await p.nextPeer();
    peer.hello();
    peer.replyError(await peer.next("authenticate"), "token_expired");
    await vi.advanceTimersByTimeAsync(0);
    peer = await p.nextPeer();
    peer.hello();
    const auth = await peer.acceptAuth();
    await started;
    expect(auth.token).toBe("new");
    expect(p.opened).toHaveLength(2);
  });

  it("counts an attempt that times out and honours maxRetries", async () => {
    const p = peers();
    const { m } = manager(p.factory, {
      policy: new ReconnectPolicy({ minDelay: 100, jitter: 0, connectTimeout: 500, maxRetries: 2 }),
    });
    const started = m.start().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500 + 100 + 500 + 200 + 500);
    expect(await started).toMatchObject({ code: "connection_closed", message: "Gave up reconnecting" });
    expect(p.opened).toHaveLength(3);
  });

  it("stop() cancels a pending start and the backoff", async () => {
    const p = peers();
    const { m } = manager(p.factory);
    const started = m.start().catch((e: unknown) => e);
    await p.nextPeer();
    m.stop();
    expect(await started).toMatchObject({ code: "connection_closed" });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(p.opened).toHaveLength(1);
  });
});
