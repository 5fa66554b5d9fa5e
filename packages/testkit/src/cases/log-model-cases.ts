/**
 * Conformance cases: the conversation log against a model (messages capability). fast-check
 * generates sequences of appends, edits and deletes across three conversations; after each
 * sequence the adapter's seqs, log, history and unread counts must equal the model's.
 */
import assert from "node:assert/strict";
import type { LogOperation } from "@lair-chat/server";
import fc from "fast-check";
import { roomKey } from "../fixtures.ts";
import type { StorageCase } from "../storage-case.ts";

type Command =
  | { kind: "append"; conv: number; author: number; content: string }
  | { kind: "edit"; pick: number; content: string }
  | { kind: "delete"; pick: number; by: number };

const content = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.constantFrom("héllo wörld", "🦀 crab", "多语言", "a\nb"),
);
const commands = fc.array(
  fc.oneof(
    {
      arbitrary: fc.record({ kind: fc.constant("append"), conv: fc.nat(2), author: fc.nat(1), content }),
      weight: 3,
    },
    fc.record({ kind: fc.constant("edit"), pick: fc.nat(), content }),
    fc.record({ kind: fc.constant("delete"), pick: fc.nat(), by: fc.nat(1) }),
  ) as fc.Arbitrary<Command>,
  { maxLength: 30 },
);

interface ModelMessage {
  id: string;
  conv: string;
  seq: number;
  authorId: string;
  content: string;
  editedAt: number | null;
  deletedAt: number | null;
}

export const logModelCases: readonly StorageCase[] = [
  {
    name: "random appends, edits and deletes agree with a model of the log",
    slow: true,
    async run({ storage, probe, fx }) {
      const users = [await fx.addUser(), await fx.addUser()];
      const reader = await fx.addUser();
      await fc.assert(
        fc.asyncProperty(commands, async (cmds) => {
          // Fresh conversations per run, so runs share one adapter without seeing each other.
          const rooms = [];
          for (let i = 0; i < 3; i++) rooms.push(await fx.addRoom(users[0]!.id));
          const convs = rooms.map((r) => roomKey(r.id));
          const lastSeq = new Map(convs.map((c) => [c, 0]));
          const log = new Map<string, { seq: number; op: LogOperation; id: string }[]>(
            convs.map((c) => [c, []]),
          );
          const all: ModelMessage[] = [];
          const step = (conv: string, op: LogOperation, id: string) => {
            const seq = lastSeq.get(conv)! + 1;
            lastSeq.set(conv, seq);
            log.get(conv)!.push({ seq, op, id });
            return seq;
          };

          for (const cmd of cmds) {
            if (cmd.kind === "append") {
              const author = users[cmd.author]!;
              const input = fx.roomMessage(rooms[cmd.conv]!.id, author.id, { content: cmd.content });
              const { message } = await storage.appendMessage(input);
              const seq = step(input.conversation, "created", input.id);
              assert.equal(message.seq, seq);
              all.push({ ...input, conv: input.conversation, seq, editedAt: null, deletedAt: null });
              continue;
            }
            const target = all[cmd.pick % Math.max(all.length, 1)];
            if (!target) continue;
            const at = fx.tick();
            const result =
              cmd.kind === "edit"
                ? await storage.editMessage(target.id, cmd.content, at)
                : await storage.deleteMessage(target.id, at, users[cmd.by]!.id);
            if (target.deletedAt !== null) {
              assert.equal(result, null, `${cmd.kind} of a deleted message`);
              continue;
            }
            if (cmd.kind === "edit") Object.assign(target, { content: cmd.content, editedAt: at });
            else target.deletedAt = at;
            assert.equal(
              result?.seq,
              step(target.conv, cmd.kind === "edit" ? "edited" : "deleted", target.id),
            );
          }

          const unread = await storage.countUnread(reader.id, convs);
          for (const conv of convs) {
            const mine = all.filter((m) => m.conv === conv);
            assert.equal(await storage.lastSeq(conv), lastSeq.get(conv));
            const entries = await storage.readLog(conv, 0, 1000);
            assert.deepEqual(
              entries.map((e) => ({ seq: e.seq, op: e.op, id: e.message.id })),
              log.get(conv),
            );
            for (const e of entries) {
              const model = mine.find((m) => m.id === e.message.id)!;
              assert.deepEqual(
                [e.message.seq, e.message.content, e.message.editedAt, e.message.deletedAt],
                [model.seq, model.content, model.editedAt, model.deletedAt],
              );
            }
            const history = await storage.listMessages(conv, {
              limit: 1000,
              includeDeleted: true,
              afterSeq: 0,
            });
            assert.deepEqual(
              history.map((m) => m.id),
              mine.map((m) => m.id),
            );
            const live = await storage.listMessages(conv, { limit: 1000 });
            assert.deepEqual(
              live.map((m) => m.id),
              mine
                .filter((m) => m.deletedAt === null)
                .map((m) => m.id)
                .reverse(),
            );
            assert.equal(unread[conv], mine.filter((m) => m.deletedAt === null).length);
            if (probe) {
              assert.deepEqual(
                await probe.messageSeqs(conv),
                mine.map((m) => m.seq),
              );
              assert.deepEqual(
                await probe.logSeqs(conv),
                log.get(conv)!.map((s) => s.seq),
              );
            }
          }
        }),
        { numRuns: 25 },
      );
    },
  },
];
