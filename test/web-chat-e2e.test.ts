/**
 * The web chat in real Chromium against the reference server: two people register, meet in a
 * room and chat; one loses the network, sends while offline (shown pending), comes back, and
 * both pages end with every message exactly once, in the same order.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  artifactsDir,
  dropSockets,
  type Harness,
  newChatContext,
  openRoomId,
  readMessages,
  register,
  seedMessages,
  sendMessage,
  startHarness,
  waitConnected,
  waitForMessages,
} from "./web-chat-harness.ts";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 120_000);

afterAll(async () => {
  await harness?.close();
});

const poll = { timeout: 15_000, interval: 100 };

async function shot(page: Page, name: string): Promise<string> {
  const path = join(artifactsDir, `web-chat-${name}.png`);
  await page.screenshot({ path });
  return path;
}

function expectOnce(messages: { id: string }[]): void {
  const ids = messages.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
}

describe("web chat", () => {
  it("two people chat; one goes offline, sends, returns, and both see every message once", async () => {
    // The server and its database are fresh for this file, so plain names are free.
    const alice = "alice";
    const bob = "bob";
    const room = "launch";
    const errors: string[] = [];
    const contextA = await newChatContext(harness.browser, errors);
    const contextB = await newChatContext(harness.browser, errors);
    const a = await contextA.newPage();
    const b = await contextB.newPage();
    try {
      await register(a, harness.url, alice);
      await register(b, harness.url, bob);
      await expect.poll(() => a.getByTestId("me-name").textContent(), poll).toBe(alice);

      // Alice creates a room; Bob finds it in the directory and joins.
      await a.getByTestId("create-room").click();
      const create = a.getByTestId("create-room-dialog");
      await create.locator('input[name="name"]').fill(room);
      await create.locator('input[name="description"]').fill("Where everyone hangs out");
      await create.getByTestId("dialog-submit").click();
      await expect.poll(() => a.getByTestId("chat-title").textContent(), poll).toBe(`#${room}`);

      await b.getByTestId("browse-rooms").click();
      const directory = b.getByTestId("directory-dialog");
      await directory.getByTestId("directory-search").fill(room);
      await directory.locator(`[data-room-name="${room}"]`).getByTestId("directory-join").click();
      await expect.poll(() => b.getByTestId("chat-title").textContent(), poll).toBe(`#${room}`);

      // Presence: Alice's member list shows Bob online.
      await a.locator(`[data-testid="member"][data-online="true"]`).filter({ hasText: bob }).waitFor();

      const texts: string[] = [];
      const say = async (page: Page, text: string) => {
        texts.push(text);
        await sendMessage(page, text);
      };
      await say(a, "Hi Bob! Welcome to the launch room.");
      await waitForMessages(b, texts);

      // Typing shows on the other side (Bob's first keystrokes: not throttled yet).
      await b.getByTestId("composer-input").pressSequentially("Th", { delay: 20 });
      await expect.poll(() => a.getByTestId("typing").textContent(), poll).toContain(`${bob} is typing`);
      await say(b, "Thanks Alice. <b>Markup</b> stays text: <img src=x onerror=alert(1)>");
      await say(b, "Is everyone here for the launch?");
      await waitForMessages(a, texts);

      // Safe rendering: the markup is text, not elements.
      expect(await b.locator(".message .content img, .message .content b").count()).toBe(0);

      // Bob loses the network. Offline mode blocks new sockets but keeps open ones: drop them.
      await contextB.setOffline(true);
      expect(await dropSockets(b)).toBeGreaterThan(0);
      await b.locator('[data-testid="connection-banner"]:not([data-state="connected"])').waitFor();

      await say(a, "Alice here while Bob is away");
      await say(b, "Writing this offline");
      await say(b, "…and this one too");
      const pending = async () =>
        (await readMessages(b)).filter((m) => m.status === "pending").map((m) => m.text);
      await expect.poll(pending, poll).toEqual(["Writing this offline", "…and this one too"]);
      expect(await b.getByTestId("pending-mark").count()).toBe(2);
      expect(await b.getByTestId("connection-banner").getAttribute("data-state")).toMatch(
        /offline|reconnecting/,
      );
      await shot(b, "offline-pending");

      // Back online: the outbox delivers, the resume fills in what Alice said meanwhile.
      await contextB.setOffline(false);
      await waitConnected(b);
      const seenByB = await waitForMessages(b, texts);
      const seenByA = await waitForMessages(a, texts);
      expectOnce(seenByA);
      expectOnce(seenByB);
      expect(seenByB.map((m) => m.id)).toEqual(seenByA.map((m) => m.id));
      expect(await a.locator(".message").count()).toBe(texts.length);
      expect(await b.locator(".message").count()).toBe(texts.length);

      // A reload keeps Bob signed in and in the room, still with each message once.
      await b.reload();
      await waitConnected(b);
      expectOnce(await waitForMessages(b, texts));

      await say(a, "Great, we're all here. Ship it!");
      expectOnce(await waitForMessages(b, texts));
      await waitForMessages(a, texts);

      await shot(a, "chat");
      expect(errors).toEqual([]);
    } finally {
      await contextA.close();
      await contextB.close();
    }
  });

  it("invitations, edit and delete, direct messages with unread badges, and history scroll-back", async () => {
    const errors: string[] = [];
    const contextC = await newChatContext(harness.browser, errors);
    const contextD = await newChatContext(harness.browser, errors);
    const c = await contextC.newPage();
    const d = await contextD.newPage();
    c.on("dialog", (dialog) => void dialog.accept());
    try {
      await register(c, harness.url, "carol");
      await register(d, harness.url, "dave");

      // Scroll-back: a room with more history than one page; reload, scroll up, get it all.
      await createRoom(c, "archive");
      const archiveId = await openRoomId(c);
      const history = Array.from({ length: 80 }, (_, i) => `history ${i + 1}`);
      await seedMessages(c, harness.url, archiveId, history);
      await c.reload();
      await waitConnected(c);
      await expect.poll(() => c.locator(".message").count(), poll).toBe(50);
      await c.getByTestId("messages").evaluate((el) => {
        el.scrollTop = 0;
      });
      expectOnce(await waitForMessages(c, history));

      // A private room; Dave gets an invitation by username and accepts it.
      await createRoom(c, "design-review", { description: "Mockups and feedback", private: true });
      await c.getByTestId("invite").click();
      const invite = c.getByTestId("invite-dialog");
      await invite.locator('input[name="username"]').fill("dave");
      await invite.getByTestId("dialog-submit").click();
      await d
        .getByTestId("invitations")
        .filter({ hasText: "design-review" })
        .getByTestId("accept-invitation")
        .click();
      await expect.poll(() => d.getByTestId("chat-title").textContent(), poll).toBe("#design-review");

      // Carol edits one message and deletes another; Dave sees both changes.
      const texts = ["The new mockups are in the shared folder", "Draft 1 of the landing page"];
      await sendMessage(c, texts[0]!);
      await sendMessage(c, texts[1]!);
      await waitForMessages(d, texts);
      // By key: once the editor opens, the row no longer contains the text as text.
      const draftKey = await c
        .locator(".message")
        .filter({ hasText: "Draft 1 of the landing page" })
        .getAttribute("data-key");
      const draft = c.locator(`.message[data-key="${draftKey}"]`);
      await draft.hover();
      await draft.getByRole("button", { name: "Edit message" }).click();
      const editor = draft.getByRole("textbox", { name: "Edit message" });
      await editor.fill("Draft 2 of the landing page");
      await editor.press("Enter");
      texts[1] = "Draft 2 of the landing page";
      await waitForMessages(d, texts);
      expect(await d.locator(".message .edited").count()).toBe(1);

      await sendMessage(c, "oops, wrong room");
      await waitForMessages(d, [...texts, "oops, wrong room"]);
      const oops = c.locator(".message").filter({ hasText: "oops, wrong room" });
      await oops.hover();
      await oops.getByRole("button", { name: "Delete message" }).click();
      await waitForMessages(c, texts);
      await waitForMessages(d, texts);
      for (const [page, text] of [
        [d, "Looks great. The header feels much lighter now."],
        [c, "Thanks! Next I'll tighten the spacing on mobile."],
        [d, "Ping me when it's up and I'll review it right away."],
      ] as const) {
        await sendMessage(page, text);
        texts.push(text);
        await waitForMessages(c, texts);
      }

      // Dave starts a direct conversation; Carol, busy in the room, sees an unread badge.
      await d.getByTestId("new-dm").click();
      const dm = d.getByTestId("new-dm-dialog");
      await dm.locator('input[name="username"]').fill("carol");
      await dm.getByTestId("dialog-submit").click();
      await expect.poll(() => d.getByTestId("chat-title").textContent(), poll).toBe("@carol");
      await sendMessage(d, "Got a minute to talk about the launch?");
      const dmEntry = c.getByTestId("dm-list").locator("[data-user-id]").filter({ hasText: "dave" });
      await expect.poll(() => dmEntry.getByTestId("unread-badge").textContent(), poll).toBe("1");
      await d.getByTestId("composer-input").pressSequentially("Sure", { delay: 20 });

      await c.getByTestId("toast").waitFor({ state: "detached" });
      const picture = await shot(c, "features");
      await c.emulateMedia({ colorScheme: "dark" });
      await shot(c, "features-dark");
      await c.emulateMedia({ colorScheme: "light" });
      await mkdir(join(artifactsDir, "..", "docs", "images"), { recursive: true });
      await copyFile(picture, join(artifactsDir, "..", "docs", "images", "web-chat.png"));

      await dmEntry.click();
      await waitForMessages(c, ["Got a minute to talk about the launch?"]);
      await expect.poll(() => dmEntry.getByTestId("unread-badge").count(), poll).toBe(0);
      await c.setViewportSize({ width: 390, height: 760 });
      // Let the drawer finish sliding away; the picture is an artifact, not an assertion.
      await c.waitForTimeout(400);
      await shot(c, "mobile");
      expect(errors).toEqual([]);
    } finally {
      await contextC.close();
      await contextD.close();
    }
  });
});

async function createRoom(
  page: Page,
  name: string,
  options: { description?: string; private?: boolean } = {},
): Promise<void> {
  await page.getByTestId("create-room").click();
  const dialog = page.getByTestId("create-room-dialog");
  await dialog.locator('input[name="name"]').fill(name);
  if (options.description) await dialog.locator('input[name="description"]').fill(options.description);
  if (options.private) await dialog.locator('input[name="private"]').check();
  await dialog.getByTestId("dialog-submit").click();
  await expect.poll(() => page.getByTestId("chat-title").textContent(), poll).toBe(`#${name}`);
}
