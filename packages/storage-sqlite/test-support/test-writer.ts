/**
 * Test support (not published): a writer process for the multi-process SQLite tests. Appends
 * messages to one conversation from `writers` concurrent loops and prints one JSON line with
 * what each append returned.
 *
 *   node --import tsx test-writer.ts <file> <conversation> <authorId> <writers> <count> <startAt> [cidPrefix]
 *
 * Writing starts at epoch ms `startAt`, so processes spawned together really overlap. With
 * `cidPrefix`, the i-th append sends client id `<cidPrefix><i>` (the same ids in every
 * process); `--reverse` sends them from the last to the first, so two processes meet halfway
 * instead of one trailing the other and only finding rows.
 */
import { randomUUID } from "node:crypto";
import { createSqliteStorage } from "../src/sqlite-storage.ts";

const reverse = process.argv.includes("--reverse");
const args = process.argv.slice(2).filter((a) => a !== "--reverse");
const [filename, conversation, authorId, writersArg, countArg, startAt, cidPrefix] = args;
const count = Number(countArg);
const storage = createSqliteStorage({ filename: filename! });
await storage.init();
await storage.ping();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const results: { seq: number; id: string; created: boolean; cid: string | null }[] = [];
await Promise.all(
  Array.from({ length: Number(writersArg) }, async (_, w) => {
    for (let n = 0; n < count; n++) {
      const i = reverse ? count - 1 - n : n;
      const cid = cidPrefix === undefined ? null : `${cidPrefix}${i}`;
      const { message, created } = await storage.appendMessage({
        id: randomUUID(),
        conversation: conversation!,
        roomId: null,
        recipientId: null,
        authorId: authorId!,
        content: `w${w} #${i}`,
        clientMessageId: cid,
        createdAt: Date.now(),
      });
      results.push({ seq: message.seq, id: message.id, created, cid });
    }
  }),
);
await storage.close();
process.stdout.write(`${JSON.stringify(results)}\n`);
