/**
 * Notices the server pushes on its own: `session_expiring` ahead of a session's end (moved by
 * a refresh), and `server_notice` before the going-away close of a graceful shutdown.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Msg } from "./realtime-client.ts";
import { type Harness, startHarness, within } from "./realtime-harness.ts";

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  open.push(h);
  return h;
}

describe("session_expiring", () => {
  it("reaches every connection of the session before it ends, and again after a refresh moves the end", async () => {
    const h = await harness({ sessionTtlMs: 4000, tokenTtlMs: 4000, sessionExpiryNoticeMs: 3000 });
    const acct = await h.register("expiring");
    const [ws, tcp] = [await h.connect("ws", acct), await h.connect("tcp", acct)];
    const other = await h.connect("ws", await h.register("bystander"));
    const first = await within(5000, ws.waitForType("session_expiring"), "session_expiring");
    expect(first).toMatchObject({ type: "session_expiring", session_id: acct.session.id });
    expect(typeof first.id).toBe("string");
    expect(Date.parse(String(first.expires_at))).toBeGreaterThan(Date.parse(String(first.timestamp)));
    expect(await within(2000, tcp.waitForType("session_expiring"))).toMatchObject({
      session_id: acct.session.id,
      expires_at: first.expires_at,
    });

    const refreshed = await h.api("POST", "/api/v1/auth/refresh", acct.token);
    expect(refreshed.status).toBe(200);
    const second = await within(
      8000,
      ws.waitFor((m: Msg) => m.type === "session_expiring" && m.expires_at !== first.expires_at),
      "a second session_expiring",
    );
    expect(Date.parse(String(second.expires_at))).toBeGreaterThan(Date.parse(String(first.expires_at)));
    await other.request("ping");
    // Each session hears only about itself.
    expect(
      other.received.some((m) => m.type === "session_expiring" && m.session_id === acct.session.id),
    ).toBe(false);
    expect(ws.received.filter((m) => m.type === "session_expiring")).toHaveLength(2);
  }, 20_000);

  it("is not sent when disabled", async () => {
    const h = await harness({ sessionTtlMs: 1500, tokenTtlMs: 1500, sessionExpiryNoticeMs: 0 });
    const c = await h.connect("ws", await h.register("quiet"));
    await new Promise((r) => setTimeout(r, 300));
    await c.request("ping");
    expect(c.received.some((m) => m.type === "session_expiring")).toBe(false);
  });
});

describe("server_notice", () => {
  it("tells authenticated peers about a graceful shutdown before the going-away error", async () => {
    const h = await harness();
    const [ws, tcp] = [
      await h.connect("ws", await h.register("noticed_ws")),
      await h.connect("tcp", await h.register("noticed_tcp")),
    ];
    await h.lair.close();
    for (const c of [ws, tcp]) {
      await c.closed;
      const tail = c.received.slice(-2);
      expect(tail[0]).toMatchObject({ type: "server_notice", severity: "warning" });
      expect(typeof tail[0]?.id).toBe("string");
      expect(tail[1]).toMatchObject({ type: "error", code: "server_shutting_down" });
    }
  });
});
