/**
 * One topology of the cluster bench: `count` node processes (the load bench's Lair server child
 * with Postgres storage and the Redis bus) sharing a fresh schema, JWT secret and Redis key
 * prefix. The first node migrates the schema and seeds the users and the room; the others
 * start once it is ready. Stopping drops the schema and deletes the prefix's keys.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { deleteKeys } from "../../packages/bus-redis/test-support/redis-test-env.ts";
import type { MeasuredServer } from "../load/load-step.ts";
import { ServerProcess } from "../load/server-process.ts";
import type { SetupReply, SetupRequest } from "../load/servers/child-ipc.ts";

export interface TopologyOptions {
  label: string;
  nodes: number;
  setup: SetupRequest;
  databaseUrl: string;
  redisUrl: string;
}

export class Topology implements MeasuredServer {
  private constructor(
    readonly label: string,
    readonly nodes: ServerProcess[],
    readonly reply: SetupReply,
    private readonly schema: string,
    private readonly keyPrefix: string,
    private readonly options: TopologyOptions,
  ) {}

  static async start(options: TopologyOptions): Promise<Topology> {
    const tag = `${process.pid}_${randomBytes(4).toString("hex")}`;
    const schema = `lair_cluster_${tag}`;
    const keyPrefix = `lair-bench:${tag}:`;
    const env = {
      BENCH_LAIR_STORAGE: "postgres",
      DATABASE_URL: options.databaseUrl,
      BENCH_LAIR_SCHEMA: schema,
      BENCH_LAIR_SECRET: randomBytes(32).toString("hex"),
      BENCH_LAIR_REDIS_URL: options.redisUrl,
      BENCH_LAIR_KEY_PREFIX: keyPrefix,
    };
    const nodes: ServerProcess[] = [];
    const topology = (reply: SetupReply) =>
      new Topology(options.label, nodes, reply, schema, keyPrefix, options);
    try {
      // Only the first node migrates the fresh schema; the others find it done.
      nodes.push(await ServerProcess.start("lair", { env }));
      const reply = await nodes[0]!.setup(options.setup);
      const rest = Array.from({ length: options.nodes - 1 }, () => ServerProcess.start("lair", { env }));
      const started = await Promise.allSettled(rest);
      for (const s of started) if (s.status === "fulfilled") nodes.push(s.value);
      const failed = started.find((s) => s.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
      return topology(reply);
    } catch (error) {
      await topology({ tokens: [], roomIds: [] }).stop();
      throw error;
    }
  }

  /** WebSocket port of each node. */
  get ports(): number[] {
    return this.nodes.map((n) => n.ports.ws);
  }

  /** User + system CPU time of all nodes together, in microseconds. */
  cpuMicros(): number {
    return this.nodes.reduce((sum, n) => sum + n.cpuMicros(), 0);
  }

  /** Resident memory of all nodes together. */
  rss(): number {
    return this.nodes.reduce((sum, n) => sum + n.rss(), 0);
  }

  /** Stop every node, then drop the schema and delete the prefix's keys; returns how many it deleted. */
  async stop(): Promise<number> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    const admin = new pg.Client({ connectionString: this.options.databaseUrl });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    } finally {
      await admin.end();
    }
    return deleteKeys(this.options.redisUrl, this.keyPrefix);
  }
}
