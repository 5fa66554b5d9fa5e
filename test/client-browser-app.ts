/**
 * The page script of client-browser.test.ts (not a test): bundled by esbuild for the browser
 * from `@lair-chat/client`, it exposes a few steps the test drives through page.evaluate.
 */
import {
  createLairClient,
  IndexedDbOutboxStore,
  type LairClient,
  LocalStorageTokenStore,
} from "@lair-chat/client";

let client: LairClient | undefined;

function make(): LairClient {
  client?.close();
  client = createLairClient({
    baseUrl: location.origin,
    tokenStore: new LocalStorageTokenStore(),
    outboxStore: new IndexedDbOutboxStore(),
    reconnect: { minDelay: 50, maxDelay: 500 },
  });
  return client;
}

const app = {
  async register(username: string): Promise<{ userId: string; roomId: string }> {
    const c = make();
    const auth = await c.auth.register({
      username,
      email: `${username}@example.test`,
      password: "browser pass 1",
    });
    const { room } = await c.rooms.create({ name: `${username} room` });
    return { userId: auth.user.id, roomId: room.id };
  },
  /** After a reload: pick the session up from localStorage and the outbox from IndexedDB. */
  async restore(): Promise<number> {
    const c = make();
    await c.restoreSession();
    return c.outbox.length;
  },
  async connect(): Promise<string> {
    await client!.connect();
    return client!.connectionState;
  },
  disconnect(): void {
    client!.disconnect();
  },
  async send(roomId: string, content: string): Promise<string> {
    const receipt = await client!.send({ type: "room", room_id: roomId }, content);
    return receipt.clientMessageId;
  },
  async delivered(roomId: string, content: string): Promise<boolean> {
    const items = client!.state.timeline(`room:${roomId}`).items;
    return items.some((i) => i.message.content === content && i.status === "sent");
  },
  contents(roomId: string): string[] {
    return client!.state.timeline(`room:${roomId}`).items.map((i) => `${i.status}:${i.message.content}`);
  },
};

(globalThis as unknown as { app: typeof app }).app = app;
