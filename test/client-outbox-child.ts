/**
 * Child process of client-outbox-restart.test.ts (not a test): a Node client with a file outbox.
 * `queue` mode queues COUNT messages while offline, says "queued", then connects and sends
 * until the parent kills it with SIGKILL. `deliver` mode restarts from the same file, connects,
 * and says "done" once the outbox is empty.
 */
import { createLairClient, FileOutboxStore, MemoryTokenStore } from "@lair-chat/client/node";

const { BASE_URL, TOKEN, ROOM_ID, OUTBOX_PATH, COUNT, MODE } = process.env;
const tokenStore = new MemoryTokenStore();
tokenStore.set(TOKEN!);
const client = createLairClient({
  baseUrl: BASE_URL!,
  tokenStore,
  outboxStore: new FileOutboxStore({ path: OUTBOX_PATH! }),
  syncOnConnect: false,
  reconnect: { minDelay: 20, maxDelay: 200 },
});

if (MODE === "queue") {
  await client.restoreSession();
  for (let i = 0; i < Number(COUNT); i++)
    await client.send({ type: "room", room_id: ROOM_ID! }, `durable ${i}`);
  process.stdout.write("queued\n");
  await client.connect();
  client.on("messageStatus", (status) => {
    if (status.status === "sent") process.stdout.write("sent\n");
  });
  // Keep running until killed.
  setInterval(() => {}, 1000);
} else {
  await client.restoreSession();
  process.stdout.write(`restored ${client.outbox.length}\n`);
  const drained = new Promise<void>((resolve) => {
    const check = () => client.outbox.length === 0 && resolve();
    client.on("messageStatus", check);
    check();
  });
  await client.connect();
  await drained;
  process.stdout.write("done\n");
  client.close();
  process.exit(0);
}
