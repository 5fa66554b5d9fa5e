/**
 * The browser build in a real browser: the client is bundled with esbuild for the browser,
 * loaded in Chromium (playwright-core, the system's /usr/bin/chromium), and chats with a real
 * server and a Node client. A message queued offline survives a page reload in IndexedDB and is
 * delivered once.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createLairClient, type LairClient } from "@lair-chat/client/node";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  registerOn,
  serverTruth,
  startServer,
  type TestServer,
  uniqueName,
} from "./client-fixtures.ts";

const CHROMIUM = "/usr/bin/chromium";
let server: TestServer;
let browser: Browser;
let page: Page;
let bundle: string;
const nodeClients: LairClient[] = [];

type App = {
  register(username: string): Promise<{ userId: string; roomId: string }>;
  restore(): Promise<number>;
  connect(): Promise<string>;
  disconnect(): void;
  send(roomId: string, content: string): Promise<string>;
  delivered(roomId: string, content: string): Promise<boolean>;
  contents(roomId: string): string[];
};
declare const app: App;

describe.skipIf(!existsSync(CHROMIUM))("browser build in Chromium", () => {
  beforeAll(async () => {
    const result = await build({
      entryPoints: [join(import.meta.dirname, "client-browser-app.ts")],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "es2022",
      conditions: ["source"],
      write: false,
      metafile: true,
      logLevel: "error",
    });
    const nodeBuiltins = Object.values(result.metafile.inputs)
      .flatMap((i) => i.imports)
      .filter((i) => i.path.startsWith("node:"));
    expect(nodeBuiltins).toEqual([]);
    bundle = result.outputFiles[0]!.text;
    server = await startServer({}, (req, res) => {
      if (req.url === "/app.js") {
        res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
      } else {
        res
          .writeHead(200, { "content-type": "text/html" })
          .end('<!doctype html><script src="/app.js"></script>');
      }
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
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
    page = await browser.newPage();
    page.on("pageerror", (error) => console.error("page error:", error));
    await page.goto(`${server.baseUrl}/`);
  });

  afterAll(async () => {
    for (const client of nodeClients) client.close();
    await browser?.close();
    await server?.close();
  });

  it("chats with a Node client over WebSocket and keeps an offline message across a reload", async () => {
    const { roomId } = await page.evaluate((name) => app.register(name), uniqueName("browser"));
    const bob = createLairClient({ baseUrl: server.baseUrl });
    nodeClients.push(bob);
    await registerOn(bob, "nodebob");
    await bob.rooms.join(roomId);
    await bob.connect();
    expect(await page.evaluate(() => app.connect())).toBe("connected");

    await page.evaluate((id) => app.send(id, "hello from the browser"), roomId);
    await page.waitForFunction((id) => app.delivered(id, "hello from the browser"), roomId);
    const key = `room:${roomId}`;
    await eventually(() =>
      expect(bob.state.timeline(key).items.map((i) => i.message.content)).toContain("hello from the browser"),
    );
    await bob.send({ type: "room", room_id: roomId }, "hello from node");
    await page.waitForFunction((id) => app.delivered(id, "hello from node"), roomId);

    // Offline: the message waits in IndexedDB; a reload loses nothing.
    await page.evaluate(() => app.disconnect());
    await page.evaluate((id) => app.send(id, "written offline"), roomId);
    expect(await page.evaluate((id) => app.contents(id), roomId)).toContain("pending:written offline");
    await page.reload();
    expect(await page.evaluate(() => app.restore())).toBe(1);
    expect(await page.evaluate((id) => app.contents(id), roomId)).toEqual(["pending:written offline"]);
    await page.evaluate(() => app.connect());
    await page.waitForFunction((id) => app.delivered(id, "written offline"), roomId);
    expect(await page.evaluate(() => app.restore())).toBe(0);

    await eventually(() =>
      expect(
        bob.state.timeline(key).items.filter((i) => i.message.content === "written offline"),
      ).toHaveLength(1),
    );
    const truth = await serverTruth(bob, roomId);
    expect(truth).toHaveLength(3);
  });
});
