/**
 * Three node processes, one killed with SIGKILL mid-stream. Each node is the server kit in a
 * child process on its own ephemeral ports, all on one fresh Postgres schema and one fresh Redis
 * key prefix; this process hosts only clients. Members are spread over the three nodes
 * (WebSocket and TCP, one user connected to two nodes), and senders on every node stream into
 * one room when a node dies. Its clients reconnect to a survivor and resume (the sender there
 * resends its unanswered message under the same client_message_id). Every connection of every
 * member, held against the room's log, gets each message once and in seq order; only while a
 * resume is answered may replay and live events overlap, as the protocol allows (see
 * `deliveries`). A user connected only to the dead node goes offline for the others once the
 * node times out, and comes back online when they reconnect; the user also connected elsewhere
 * never goes offline.
 */
import { randomBytes } from "node:crypto";
import { roomConversationKey } from "@lair-chat/protocol";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { redisTarget } from "../packages/bus-redis/test-support/redis-test-env.ts";
import { type NodeProcess, ProcessCluster } from "./cluster-node-process.ts";
import { api, connectTo, DATABASE_URL, ok, postgresAvailable, register, until } from "./cluster-support.ts";
import type { Msg, TestClient } from "./realtime-client.ts";
import type { Account } from "./realtime-harness.ts";

const FEATURES = ["seq", "idempotency", "resume"];
const redis = await redisTarget();
const available = redis.ok && (await postgresAvailable("the cluster process test"));

interface Room {
  id: string;
  key: string;
}

/** One connection of a member; `since` is the seq it resumed after (not set on the first). */
interface Leg {
  client: TestClient;
  node: NodeProcess;
  since?: number;
}

const isRoomMessage = (f: Msg, roomId: string) =>
  f.type === "message_received" && ((f.message as Msg).target as Msg)?.room_id === roomId;

/** A member's view of the room across its connections, one after the other. */
class Member {
  readonly legs: Leg[] = [];
  /** Where to reconnect when the current connection drops; unset, a drop is final. */
  follow: (() => NodeProcess) | undefined;
  /** The reconnection after the latest drop. */
  rejoined: Promise<void> | undefined;

  constructor(
    readonly name: string,
    readonly account: Account,
    readonly kind: "ws" | "tcp",
    readonly room: Room,
  ) {}

  get client(): TestClient {
    return this.legs.at(-1)!.client;
  }

  /** Connect; after the first connection, resume from the last seq held. */
  async connect(node: NodeProcess): Promise<void> {
    const client = await connectTo(node, this.kind, this.account.token, FEATURES);
    const since = this.legs.length === 0 ? undefined : deliveries(this).applied;
    this.legs.push(since === undefined ? { client, node } : { client, node, since });
    void client.closed.then(() => {
      if (this.follow === undefined || this.client !== client) return;
      this.rejoined = this.connect(this.follow());
      this.rejoined.catch(() => {});
    });
    if (since === undefined) return;
    const res = await ok(client, "resume", { since: { [this.room.key]: since } });
    const result = (res.results as Record<string, Msg>)[this.room.key];
    if (result?.recovered !== true)
      throw new Error(`${this.name} resumed after ${since} on ${node.label}: ${JSON.stringify(res)}`);
  }
}

interface Deliveries {
  /** The highest seq up to which the member holds every message. */
  applied: number;
  frames: number;
  /** Frames of a resumed connection for a seq it already had (replay and live overlapping)... */
  repeats: number;
  /** ...of which after `resume_response` (a live event for a step the replay had read). */
  lateRepeats: number;
  problems: string[];
}

/**
 * What a member holds, by the protocol's rules: outside a resume, each connection gets the room's
 * messages in seq order, each once. While a resume is answered, its replay and live events
 * interleave: a seq ahead of a hole waits for the replay to fill it, and by `resume_response` no
 * hole may be left. A resumed connection may also see again a seq it already has, the live event
 * of a step the replay read from storage (also just after `resume_response`); the client drops
 * it by seq. With `log` (seq → message), every frame must also match the stored message.
 */
function deliveries(m: Member, log?: Map<number, Msg>): Deliveries {
  const out: Deliveries = { applied: 0, frames: 0, repeats: 0, lateRepeats: 0, problems: [] };
  m.legs.forEach((leg, i) => {
    const where = `${m.name}, connection ${i + 1} (${leg.node.label})`;
    const resumed = leg.since !== undefined;
    if (resumed && leg.since !== out.applied)
      out.problems.push(`${where}: resumed after ${leg.since} but held ${out.applied}`);
    const ahead = new Set<number>();
    let resuming = resumed;
    for (const f of leg.client.received) {
      if (f.type === "resume_response" && resuming) {
        if (ahead.size > 0) out.problems.push(`${where}: seqs ${[...ahead]} past a hole at resume_response`);
        ahead.clear();
        resuming = false;
        continue;
      }
      if (!isRoomMessage(f, m.room.id)) continue;
      out.frames++;
      const seq = Number(f.seq);
      const message = f.message as Msg;
      const stored = log?.get(seq);
      if (log && (stored?.id !== message.id || stored?.content !== message.content))
        out.problems.push(
          `${where}: seq ${seq} is ${String(message.content)}, the log has ${String(stored?.content)}`,
        );
      if (seq <= out.applied || ahead.has(seq)) {
        if (resumed) {
          out.repeats++;
          if (!resuming) out.lateRepeats++;
        } else out.problems.push(`${where}: seq ${seq} again (held up to ${out.applied})`);
        continue;
      }
      if (seq === out.applied + 1) {
        out.applied = seq;
        while (ahead.delete(out.applied + 1)) out.applied++;
      } else if (resuming) {
        ahead.add(seq);
      } else {
        out.problems.push(`${where}: seq ${seq} after ${out.applied}`);
        out.applied = seq;
      }
    }
  });
  return out;
}

/** The room's log as stored: seq → message, read page by page in cursor mode. */
async function roomLog(c: TestClient, roomId: string): Promise<Map<number, Msg>> {
  const log = new Map<number, Msg>();
  for (let after = 0; ; ) {
    const page = await ok(c, "get_messages", {
      target: { type: "room", room_id: roomId },
      after_seq: after,
      limit: 100,
    });
    const messages = page.messages as Msg[];
    for (const m of messages) log.set(Number(m.seq), m);
    if (page.has_more !== true || messages.length === 0) return log;
    after = Math.max(after, ...messages.map((m) => Number(m.seq)));
  }
}

describe.skipIf(!available)("three node processes, one killed with SIGKILL mid-stream", () => {
  const cluster = new ProcessCluster({
    databaseUrl: DATABASE_URL,
    redisUrl: redis.ok ? redis.url : "",
    // Generous against a loaded machine: a live node missing 15 heartbeats in a row is not expected.
    heartbeatMs: 200,
    nodeTimeoutMs: 3000,
    // No grace: a survivor forgets the dead node's users the moment it drops the node, so once
    // both survivors have dropped it, a user who connects again is announced online. (With a
    // grace, the survivor that drops it later still counts them online for a while, and a
    // reconnection then is announced by nobody.)
    presenceGraceMs: 0,
    label: "kill",
  });

  beforeAll(async () => {
    await cluster.start(3);
    await until(() => cluster.meshed(), "the three nodes to meet", 30_000);
  }, 120_000);

  afterAll(() => cluster.stop(), 60_000);

  it("gives every member every message once and in order; the dead node's users go offline and come back", async () => {
    onTestFailed(() => console.error(cluster.stderrReport()));
    const [n0, n1, dead] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const tag = randomBytes(3).toString("hex");
    const names = ["senda", "sendb", "sendk", "reada", "readb", "readk", "victim", "dual"];
    const accounts = await Promise.all(names.map((n, i) => register(cluster.nodes[i % 3]!, `${n}_${tag}`)));
    const [sendA, sendB, sendK, readA, readB, readK, victimUser, dualUser] = accounts as [
      Account,
      Account,
      Account,
      Account,
      Account,
      Account,
      Account,
      Account,
    ];
    const created = await api(n0, "POST", "/api/v1/rooms", 201, sendA.token, { name: `kill-${tag}` });
    const roomId = String((created.room as Msg).id);
    const room: Room = { id: roomId, key: roomConversationKey(roomId) };
    for (const [i, a] of accounts.slice(1).entries())
      await api(cluster.nodes[i % 3]!, "POST", `/api/v1/rooms/${roomId}/join`, 200, a.token);

    // Three or four connections on each node; the dual user has one on n0 and one on the node to die.
    const member = (name: string, a: Account, kind: "ws" | "tcp") => new Member(name, a, kind, room);
    const senderA = member("sender@0", sendA, "ws");
    const readerA = member("reader@0", readA, "tcp");
    const dualA = member("dual@0", dualUser, "ws");
    const senderB = member("sender@1", sendB, "ws");
    const readerB = member("reader@1", readB, "ws");
    const readerB2 = member("reader@1 (2nd)", readB, "tcp");
    const senderK = member("sender@dead", sendK, "ws");
    const readerK = member("reader@dead", readK, "tcp");
    const dualK = member("dual@dead", dualUser, "tcp");
    const victim = member("victim@dead", victimUser, "ws");
    const placed: Array<[Member, NodeProcess]> = [
      [senderA, n0],
      [readerA, n0],
      [dualA, n0],
      [senderB, n1],
      [readerB, n1],
      [readerB2, n1],
      [senderK, dead],
      [readerK, dead],
      [dualK, dead],
      [victim, dead],
    ];
    await Promise.all(placed.map(([m, node]) => m.connect(node)));
    const everyone = placed.map(([m]) => m);
    // The dead node's clients (but the victim) reconnect at once, spread over the survivors.
    senderK.follow = () => n0;
    readerK.follow = () => n1;
    dualK.follow = () => n1;
    const followers = [senderK, readerK, dualK];
    const survivorsOwn = [senderA, readerA, dualA, senderB, readerB, readerB2];

    // Both survivors know the victim is online (on the node that will die) before it dies.
    const victimOnlineFor = async (c: TestClient) => {
      const res = await ok(c, "get_room_members", { room_id: roomId, limit: 100 });
      return (res.members as Msg[]).some((x) => x.user_id === victimUser.user.id && x.is_online === true);
    };
    for (const c of [readerA.client, readerB.client]) {
      const deadline = Date.now() + 30_000;
      while (!(await victimOnlineFor(c))) {
        if (Date.now() > deadline) throw new Error("a survivor never saw the victim online");
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    // The stream: each sender sends one message at a time, client_message_id = content, until told
    // to stop. A request cut off by the kill is sent again, same id, once reconnected.
    const target = { type: "room", room_id: roomId };
    const acked = new Map<string, Msg>();
    const sentBy = new Map<Member, number>();
    let resent = 0;
    let stopping = false;
    let streamFailure: unknown;
    const sendOnce = async (m: Member, content: string): Promise<Msg> => {
      for (;;) {
        const c = m.client;
        // A socket already closed refuses the send; one that closes under it never answers.
        const answer = await Promise.race([
          c.request("send_message", { target, content, client_message_id: content }),
          c.closed.then(() => undefined),
        ]).catch(() => undefined);
        if (answer?.success === true) return answer.message as Msg;
        if (answer !== undefined) throw new Error(`${m.name} send ${content}: ${JSON.stringify(answer)}`);
        await c.closed;
        if (m.rejoined === undefined) throw new Error(`${m.name} lost its connection and does not follow`);
        await m.rejoined;
        resent++;
      }
    };
    const streaming = Promise.all(
      [senderA, senderB, senderK].map(async (m) => {
        for (let i = 0; !stopping; i++) {
          const content = `${m.name}-${tag}-${i}`;
          acked.set(content, await sendOnce(m, content));
          sentBy.set(m, i + 1);
          await new Promise((r) => setTimeout(r, 40));
        }
      }),
    ).catch((error: unknown) => {
      streamFailure = error;
    });
    const streamOk = () => {
      if (streamFailure !== undefined) throw streamFailure;
      return true;
    };

    await until(
      () =>
        streamOk() && acked.size >= 30 && [senderA, senderB, senderK].every((s) => (sentBy.get(s) ?? 0) >= 5),
      "the stream to get going",
    );
    const mark = new Map(everyone.map((m) => [m, m.client.received.length]));
    const killedAt = Date.now();
    await dead.kill();

    // Its clients resume on a survivor while the others keep sending.
    await until(
      () => streamOk() && followers.every((f) => f.rejoined !== undefined),
      "the dead node's clients to notice",
    );
    await Promise.all(followers.map((f) => f.rejoined));

    // The victim goes offline for everyone on the survivors once the node times out.
    const presenceSinceKill = (m: Member, userId: string) =>
      m.legs
        .flatMap((leg, i) => (i === 0 ? leg.client.received.slice(mark.get(m)) : leg.client.received))
        .filter((f) => (f.type === "user_online" || f.type === "user_offline") && f.user_id === userId)
        .map((f) => String(f.type));
    const victimSeen = () =>
      survivorsOwn.map((m) => `${m.name}: ${presenceSinceKill(m, victimUser.user.id)}`);
    await until(
      () => streamOk() && survivorsOwn.every((m) => presenceSinceKill(m, victimUser.user.id).length > 0),
      "the survivors' clients to see the victim go offline",
      60_000,
      () => `\n${victimSeen().join("\n")}`,
    );
    const offlineAfterMs = Date.now() - killedAt;
    await until(
      () => [n0, n1].every((n) => !n.peers.has(dead.nodeId)),
      "both survivors to drop the dead node",
    );

    // Back: the victim reconnects to a survivor and resumes from where its socket died.
    await victim.connect(n1);
    await until(
      () =>
        streamOk() &&
        everyone
          .filter((m) => m.account !== victimUser)
          .every((m) => presenceSinceKill(m, victimUser.user.id).at(-1) === "user_online"),
      "everyone to see the victim back online",
      30_000,
      () => `\n${victimSeen().join("\n")}`,
    );

    // Keep streaming a little with everyone back, then stop.
    const sizeWhenBack = acked.size;
    await until(() => streamOk() && acked.size >= sizeWhenBack + 30, "the stream after the victim's return");
    stopping = true;
    await streaming;
    streamOk();
    const total = acked.size;

    // Every connection catches up with every message.
    const late = () =>
      everyone
        .map((m) => [m.name, deliveries(m).applied] as const)
        .filter(([, applied]) => applied < total)
        .map(([name, applied]) => `${name} at ${applied}`);
    await until(
      () => late().length === 0,
      `every member to hold all ${total} messages`,
      60_000,
      () => late().join(", "),
    );
    // Frames already on their way come in before these answers.
    await Promise.all(everyone.map((m) => m.client.request("ping")));

    // The log: each acknowledged message once (the resent ones too), seqs 1..total.
    const log = await roomLog(readerB.client, roomId);
    expect([...log.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const [content, m] of acked) expect(log.get(Number(m.seq))).toMatchObject({ id: m.id, content });
    // Each sender's messages in the order sent.
    for (const s of [senderA, senderB, senderK]) {
      const seqs = Array.from({ length: sentBy.get(s)! }, (_, i) =>
        Number(acked.get(`${s.name}-${tag}-${i}`)!.seq),
      );
      expect(seqs, `${s.name} in send order`).toEqual([...seqs].sort((a, b) => a - b));
    }

    const report = everyone.map((m) => ({ name: m.name, legs: m.legs.length, ...deliveries(m, log) }));
    for (const r of report) {
      expect(r.problems, r.name).toEqual([]);
      expect(r.applied, r.name).toBe(total);
    }
    for (const f of [...followers, victim])
      expect(f.legs.map((l) => l.node.label)).toEqual([dead.label, (f.follow?.() ?? n1).label]);

    // Presence: the victim exactly offline then online for each connection that saw both; the
    // dual user, still connected to n0 throughout, never offline.
    for (const m of survivorsOwn)
      expect(presenceSinceKill(m, victimUser.user.id), m.name).toEqual(["user_offline", "user_online"]);
    for (const m of everyone.filter((x) => x.account !== dualUser))
      expect(presenceSinceKill(m, dualUser.user.id), m.name).not.toContain("user_offline");
    // The survivors lost only the killed node, and nothing else died.
    expect(n0.downs).toEqual([dead.nodeId]);
    expect(n1.downs).toEqual([dead.nodeId]);
    expect(n0.crashed || n1.crashed).toBe(false);

    const repeats = report.reduce((sum, r) => sum + r.repeats, 0);
    const lateRepeats = report.reduce((sum, r) => sum + r.lateRepeats, 0);
    console.log(
      `cluster processes: ${total} messages from 3 senders (${resent} resent after the kill), ` +
        `${everyone.length} members on 3 nodes, ${report.reduce((s, r) => s + r.legs, 0)} connections, ` +
        `${report.reduce((s, r) => s + r.frames, 0)} frames (${repeats} repeated by resumes, ${lateRepeats} of them after resume_response), ` +
        `victim offline ${offlineAfterMs} ms after the kill`,
    );
    for (const m of everyone) m.follow = undefined;
    for (const m of everyone) m.client.close();
  }, 240_000);
});
