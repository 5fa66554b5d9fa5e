/**
 * The terminal client, for real: the lair-chat-tui program runs in tmux against the reference
 * server, once over TCP (with Lair's encryption) and once over WebSocket. The test types into
 * it and reads the screen back: log in, join a room with more history than the first page,
 * chat with someone who posts over HTTP (including escape sequences that must not reach the
 * terminal), scroll back to the start, open a DM, and quit with the terminal restored.
 */
import { execFile } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createLairClient, type LairClient } from "@lair-chat/client/node";
import { parseConfig, type RunningServer, startReferenceServer } from "@lair-chat/reference-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const mainTs = join(repo, "examples/tui-client/src/main.ts");
const PASSWORD = "correct horse battery";
/** A tmux server of our own, so the test never touches anyone's sessions. */
const SOCKET = `lair-tui-test-${process.pid}`;

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "lair-tui-e2e-"));
  const parsed = parseConfig(
    [
      ...["--host", "127.0.0.1", "--http-port", "0", "--tcp-port", "0", "--data-dir", dataDir],
      ...["--database-url", `sqlite:${join(dataDir, "chat.db")}`, "--log-level", "silent"],
      ...["--jwt-secret", "tui-e2e-secret-0123456789abcdef0123456789"],
      // Every account here signs up from 127.0.0.1, which the auth tier keys on.
      ...["--rate-limit-auth", "1000", "--rate-limit-general", "10000", "--rate-limit-messages", "1000"],
    ],
    {},
  );
  if (parsed.help) throw new Error("unexpected --help");
  server = await startReferenceServer(parsed.config);
}, 60_000);

afterAll(async () => {
  await run("tmux", ["-L", SOCKET, "kill-server"]).catch(() => {});
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function tmux(...args: string[]): Promise<{ stdout: string }> {
  return run("tmux", ["-L", SOCKET, ...args]);
}

/** The screen as text, one string per row. */
async function screen(session: string): Promise<string> {
  return (await tmux("capture-pane", "-p", "-t", session)).stdout;
}

/**
 * Poll the screen until `check` holds on two captures in a row that are the same (a frame can
 * be captured half drawn); fail with the last screen after `timeout` ms.
 */
async function waitForScreen(
  session: string,
  check: (text: string) => boolean,
  what: string,
  timeout = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = "";
  let previous: string | undefined;
  while (Date.now() < deadline) {
    last = await screen(session);
    if (check(last) && last === previous) return last;
    previous = last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; the screen shows:\n${last}`);
}

const waitForText = (session: string, text: string, timeout?: number) =>
  waitForScreen(session, (s) => s.includes(text), JSON.stringify(text), timeout);

async function typeLine(session: string, text: string): Promise<void> {
  await tmux("send-keys", "-t", session, "-l", "--", text);
  await tmux("send-keys", "-t", session, "Enter");
}

/** A signed-in SDK client that acts over HTTP only (the "other user"). */
async function httpUser(username: string): Promise<LairClient> {
  const client = createLairClient({ baseUrl: server.httpUrl });
  await client.auth.register({ username, email: `${username}@example.test`, password: PASSWORD });
  return client;
}

/**
 * Start the TUI in a detached tmux session. A wrapper script runs it, then reports its exit
 * status and the terminal modes it left behind, and stays alive so the pane can be read.
 */
async function startTui(session: string, args: string[]): Promise<void> {
  const script = join(dataDir, `${session}.sh`);
  const node = JSON.stringify(process.execPath);
  await writeFile(
    script,
    [
      "#!/bin/sh",
      `cd ${JSON.stringify(repo)}`,
      `${node} --conditions=source --import tsx ${JSON.stringify(mainTs)} "$@"`,
      'echo "TUI-EXITED:$?"',
      "echo \"TTY-MODES:$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' ')\"",
      "sleep 600",
      "",
    ].join("\n"),
  );
  await chmod(script, 0o755);
  await tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", script, ...args);
}

describe.each(["tcp", "websocket"] as const)("lair-chat-tui over %s", (transport) => {
  it("logs in, joins, chats, scrolls back, DMs and quits cleanly", async () => {
    const me = `tui_${transport}`;
    const peerName = `peer_${transport}`;
    const roomName = `room-${transport}`;
    const session = `tui-${transport}`;
    const self = await httpUser(me);
    const peer = await httpUser(peerName);
    try {
      // More history than the client's first page (50), so scrolling back must fetch.
      const { room } = await peer.rooms.create({ name: roomName });
      const target = { type: "room", room_id: room.id } as const;
      for (let i = 1; i <= 70; i++) {
        await peer.messages.send({ target, content: `history ${String(i).padStart(3, "0")}` });
      }

      await startTui(session, [
        ...["--url", server.httpUrl, "--transport", transport, "--tcp-port", String(server.tcpPort)],
        ...["--data-dir", join(dataDir, `outbox-${transport}`)],
      ]);
      await waitForText(session, "Log in");
      await tmux("send-keys", "-t", session, "-l", me);
      await tmux("send-keys", "-t", session, "Tab");
      await typeLine(session, PASSWORD);
      await waitForScreen(session, (s) => s.includes(" ONLINE ") && s.includes(me), "the ONLINE status");
      const status = (await screen(session)).split("\n")[38] ?? "";
      expect(status).toContain(
        transport === "tcp" ? `tcp 127.0.0.1:${server.tcpPort} (encrypted)` : "websocket",
      );

      // Join: the room opens with its newest page, and the members panel lists both people.
      await typeLine(session, `/join ${roomName}`);
      await waitForText(session, `#${roomName}`);
      let shown = await waitForText(session, "history 070");
      expect(shown).not.toContain("history 001");
      await waitForText(session, "Members 1/2");
      expect(await screen(session)).toContain(`● ${me}`);

      // Say something; the server has it.
      const hello = `hello from the tui over ${transport}`;
      await typeLine(session, hello);
      await waitForText(session, `${me} ${hello}`);
      await expect
        .poll(
          async () => (await peer.messages.history({ target, limit: 5 })).messages.map((m) => m.content),
          {
            timeout: 15_000,
          },
        )
        .toContain(hello);

      // The other person answers over HTTP; the answer shows up live, escape sequences removed.
      await peer.messages.send({ target, content: "hi tui, peer here" });
      await waitForText(session, `${peerName} hi tui, peer here`);
      await peer.messages.send({
        target,
        content: "\u001b[2J\u001b]2;pwned\u0007\u001b[31mplain\u001b[0m text",
      });
      shown = await waitForText(session, `${peerName} plain text`);
      expect(shown).toContain(hello);
      expect((await tmux("display", "-p", "-t", session, "#{pane_title}")).stdout).not.toContain("pwned");

      // Scroll back past the top: older history is fetched until the start of the room.
      for (let presses = 0; presses < 20 && !shown.includes("start of the conversation"); presses++) {
        const before = shown;
        await tmux("send-keys", "-t", session, "PageUp");
        shown = await waitForScreen(
          session,
          (s) => s !== before || s.includes("start of the conversation"),
          "the pane to scroll",
        );
        // At the top the client loads the page before; the next press shows it.
        if (shown.includes("loading older"))
          shown = await waitForScreen(session, (s) => !s.includes("loading older"), "older history");
      }
      expect(shown).toContain("start of the conversation");
      expect(shown).toContain("history 001");
      expect(shown).toContain("below · PageDown");
      for (let presses = 0; presses < 20 && shown.includes("below · PageDown"); presses++) {
        await tmux("send-keys", "-t", session, "PageDown");
        const before = shown;
        shown = await waitForScreen(session, (s) => s !== before, "the pane to scroll down");
      }
      expect(shown).toContain("plain text");

      // A direct conversation: what the TUI sends reaches the peer, and the reply comes back.
      await typeLine(session, `/dm ${peerName}`);
      await waitForText(session, `@${peerName}`);
      await typeLine(session, "psst, just between us");
      await waitForText(session, `${me} psst, just between us`);
      const dm = { type: "dm", recipient: self.state.me!.id } as const;
      await expect
        .poll(
          async () => (await peer.messages.history({ target: dm, limit: 5 })).messages.map((m) => m.content),
          {
            timeout: 15_000,
          },
        )
        .toContain("psst, just between us");
      await peer.messages.send({ target: dm, content: "got it" });
      await waitForText(session, `${peerName} got it`);

      // Meanwhile in the room: its unread count shows in the room list.
      await peer.messages.send({ target, content: "anyone still here?" });
      await waitForScreen(session, (s) => new RegExp(`#${roomName}\\s+1 │`).test(s), "an unread count of 1");

      // Quit: the program exits 0 and leaves the terminal as it found it.
      await typeLine(session, "/quit");
      shown = await waitForText(session, "TUI-EXITED:");
      expect(shown).toContain("TUI-EXITED:0");
      shown = await waitForText(session, "TTY-MODES:");
      // Cooked mode again: line editing (icanon) and echo back on.
      const ttyModes = /TTY-MODES:(.*)/.exec(shown)?.[1]?.trim().split(/\s+/);
      expect(ttyModes).toEqual(["icanon", "echo"]);
      const modes = (
        await tmux("display", "-p", "-t", session, "#{alternate_on} #{cursor_flag}")
      ).stdout.trim();
      expect(modes).toBe("0 1");
    } finally {
      await tmux("kill-session", "-t", session).catch(() => {});
      self.close();
      peer.close();
    }
  }, 120_000);
});

describe("lair-chat-tui when killed", () => {
  it("gives the terminal back on SIGTERM", async () => {
    const session = "tui-sigterm";
    try {
      await startTui(session, ["--url", server.httpUrl, "--data-dir", join(dataDir, "outbox-sigterm")]);
      await waitForText(session, "Log in");
      expect((await tmux("display", "-p", "-t", session, "#{alternate_on}")).stdout.trim()).toBe("1");
      const shell = (await tmux("display", "-p", "-t", session, "#{pane_pid}")).stdout.trim();
      const node = (await run("ps", ["-o", "pid=", "--ppid", shell])).stdout.trim();
      process.kill(Number(node), "SIGTERM");
      const shown = await waitForText(session, "TTY-MODES:");
      expect(shown).toContain("TUI-EXITED:143");
      expect(/TTY-MODES:(.*)/.exec(shown)?.[1]?.trim().split(/\s+/)).toEqual(["icanon", "echo"]);
      const modes = (
        await tmux("display", "-p", "-t", session, "#{alternate_on} #{cursor_flag}")
      ).stdout.trim();
      expect(modes).toBe("0 1");
    } finally {
      await tmux("kill-session", "-t", session).catch(() => {});
    }
  }, 60_000);
});
