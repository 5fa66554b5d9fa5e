/**
 * What the web chat end-to-end tests share: a fresh build of examples/web-chat when its sources
 * are newer than dist/, a reference server on ephemeral ports serving that build, Chromium
 * (Debian's, never a download), and page helpers that read the chat from the DOM.
 */
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig, type RunningServer, startReferenceServer } from "@lair-chat/reference-server";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const repo = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
export const webChatDir = join(repo, "examples/web-chat");
export const artifactsDir = join(repo, "test-artifacts");

/** Newest modification time under `path` (files only). */
async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** Build the web chat unless dist/ is newer than everything it is built from. */
export async function ensureWebChatBuilt(): Promise<string> {
  const dist = join(webChatDir, "dist");
  const built = await stat(join(dist, "index.html")).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const inputs = [
    join(webChatDir, "src"),
    join(webChatDir, "index.html"),
    join(repo, "packages/client/src"),
    join(repo, "packages/protocol/src"),
  ];
  const newest = Math.max(...(await Promise.all(inputs.map(newestMtime))));
  if (built < newest) {
    const { build } = await import("vite");
    await build({ configFile: join(webChatDir, "vite.config.ts"), root: webChatDir, logLevel: "warn" });
  }
  return dist;
}

export interface Harness {
  server: RunningServer;
  browser: Browser;
  url: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const webRoot = await ensureWebChatBuilt();
  const dataDir = await mkdtemp(join(tmpdir(), "lair-web-chat-"));
  await mkdir(artifactsDir, { recursive: true });
  const parsed = parseConfig(
    [
      "--host",
      "127.0.0.1",
      "--http-port",
      "0",
      "--tcp-port",
      "0",
      "--data-dir",
      dataDir,
      "--database-url",
      `sqlite:${join(dataDir, "chat.db")}`,
      "--jwt-secret",
      "web-chat-e2e-secret-0123456789abcdef0123",
      "--web-root",
      webRoot,
      "--log-level",
      "silent",
      // Both browsers share 127.0.0.1, which the auth tier keys on before sign-in.
      "--rate-limit-auth",
      "1000",
      "--rate-limit-general",
      "10000",
      "--rate-limit-messages",
      "1000",
      "--rate-limit-rooms",
      "100",
    ],
    {},
  );
  if (parsed.help) throw new Error("unexpected --help");
  const server = await startReferenceServer(parsed.config);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    server,
    browser,
    url: server.httpUrl,
    async close() {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A browser context whose pages record every WebSocket they open (as `window.__sockets`), so a
 * test can cut the connection: Chromium's offline mode blocks new sockets and fetches but
 * leaves open sockets open.
 */
export async function newChatContext(browser: Browser, errors: string[] = []): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Uncaught errors in the app fail the test that passed `errors`, wherever they happen.
  context.on("weberror", (error) => errors.push(String(error.error().stack ?? error.error())));
  // A string, not a function: the test transform may add helpers a page does not have.
  await context.addInitScript(`
    (() => {
      const Native = window.WebSocket;
      const sockets = [];
      window.__sockets = sockets;
      window.WebSocket = class extends Native {
        constructor(url, protocols) {
          super(url, protocols);
          sockets.push(this);
        }
      };
    })();
  `);
  return context;
}

/** Cut every open WebSocket of the page (as a network drop would). */
export function dropSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets;
    let closed = 0;
    for (const socket of sockets) {
      if (socket.readyState <= WebSocket.OPEN) {
        socket.close(4000, "test: network drop");
        closed++;
      }
    }
    return closed;
  });
}

export async function register(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId("tab-register").click();
  const form = page.getByTestId("register-form");
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="email"]').fill(`${username}@example.test`);
  await form.locator('input[name="password"]').fill("correct horse battery");
  await page.getByTestId("auth-submit").click();
  await waitConnected(page);
}

export async function waitConnected(page: Page): Promise<void> {
  await page.locator('[data-view="chat"]').waitFor();
  await page
    .locator('[data-testid="connection-banner"][data-state="connected"]')
    .waitFor({ state: "attached" });
}

/** The id of the room open in the page (from the URL hash). */
export async function openRoomId(page: Page): Promise<string> {
  const match = /^#\/room\/(.+)$/.exec(await page.evaluate(() => location.hash));
  if (!match) throw new Error("no room is open");
  return decodeURIComponent(match[1]!);
}

/** Post messages over the HTTP API with the page's own token (fast seeding of history). */
export async function seedMessages(
  page: Page,
  url: string,
  roomId: string,
  contents: string[],
): Promise<void> {
  const token = await page.evaluate(() => localStorage.getItem("lair-chat-web:token"));
  for (const content of contents) {
    const res = await fetch(`${url}/api/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ target: { type: "room", room_id: roomId }, content }),
    });
    if (res.status !== 201) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
  }
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  const input = page.getByTestId("composer-input");
  await input.fill(text);
  await input.press("Enter");
}

export interface RenderedMessage {
  id: string;
  key: string;
  status: string;
  text: string;
}

/** The messages of the open conversation, in DOM order. */
export function readMessages(page: Page): Promise<RenderedMessage[]> {
  return page.locator(".message").evaluateAll((rows) =>
    rows.map((row) => {
      const element = row as HTMLElement;
      const content = element.querySelector(".content")?.firstChild?.textContent ?? "";
      return {
        id: element.dataset.id ?? "",
        key: element.dataset.key ?? "",
        status: element.dataset.status ?? "",
        text: content,
      };
    }),
  );
}

/** Wait until the open conversation shows exactly `texts`, all sent, in this order. */
export async function waitForMessages(
  page: Page,
  texts: string[],
  timeout = 20_000,
): Promise<RenderedMessage[]> {
  const deadline = Date.now() + timeout;
  let last: RenderedMessage[] = [];
  while (Date.now() < deadline) {
    last = await readMessages(page);
    const settled = last.every((m) => m.status === "sent");
    if (settled && last.length === texts.length && last.every((m, i) => m.text === texts[i])) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${JSON.stringify(texts)}; page shows ${JSON.stringify(last)}`);
}
