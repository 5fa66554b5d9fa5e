/**
 * Test support (not published): the loop of the SIGKILL durability test's writer process,
 * shared by the SQL adapters (each has a small entry script that opens its storage). Sends
 * batches of 1–MAX_BATCH messages (about 500 msg/s, group commit) and prints `ack <id> <seq>` for
 * each message only after its batch has committed, then keeps going until it is killed.
 */
import { randomUUID } from "node:crypto";
import type { Storage } from "@lair-chat/server";

/** The conversation the writer appends to. */
export const DURABILITY_CONVERSATION = "room:durability";
/** The largest batch the writer sends: at most this many rows may be committed but unacknowledged. */
export const MAX_BATCH = 10;

export async function writeUntilKilled(storage: Storage, authorId: string): Promise<never> {
  await storage.init();
  process.stdout.write("ready\n");
  for (;;) {
    const size = 1 + Math.floor(Math.random() * MAX_BATCH);
    const batch = Array.from({ length: size }, () => ({
      id: randomUUID(),
      conversation: DURABILITY_CONVERSATION,
      roomId: null,
      recipientId: null,
      authorId,
      content: "durable",
      clientMessageId: randomUUID(),
      createdAt: Date.now(),
    }));
    const results = await storage.appendMessages(batch);
    // Printed only after the commit; a kill may cut the output, and the parent ignores a partial line.
    process.stdout.write(results.map((r) => `ack ${r.message.id} ${r.message.seq}\n`).join(""));
    await new Promise((resolve) => setTimeout(resolve, size * 2));
  }
}
