/**
 * Test support (not exported): the writer process of the SIGKILL durability test. Sends
 * batches of 1–10 messages (about 500 msg/s, group commit) and prints `ack <id> <seq>` for
 * each message only after its batch has committed, then keeps going until it is killed.
 *
 *   node --import tsx durability-writer.ts <url> <schema> <authorId>
 */
import { randomUUID } from "node:crypto";
import { createPostgresStorage } from "./postgres-storage.ts";

const [url, schema, authorId] = process.argv.slice(2);
const storage = createPostgresStorage({ url: url!, schema: schema!, pool: { max: 1 } });
await storage.init();
process.stdout.write("ready\n");
for (;;) {
  const size = 1 + Math.floor(Math.random() * 10);
  const batch = Array.from({ length: size }, () => ({
    id: randomUUID(),
    conversation: "room:durability",
    roomId: null,
    recipientId: null,
    authorId: authorId!,
    content: "durable",
    clientMessageId: randomUUID(),
    createdAt: Date.now(),
  }));
  const results = await storage.appendMessages(batch);
  // Printed only after the commit; a kill may cut the output, and the parent ignores a partial line.
  process.stdout.write(results.map((r) => `ack ${r.message.id} ${r.message.seq}\n`).join(""));
  await new Promise((resolve) => setTimeout(resolve, size * 2));
}
