/**
 * Lair nodes in child processes (cluster-node-child.ts) for the cluster process tests: each one
 * the server kit on its own ephemeral ports, all of a cluster on one fresh Postgres schema and
 * one fresh Redis key prefix. The parent reads what a node reports on stdout (its ports, the
 * peers it meets and loses, its bus subscription) and can SIGKILL it. `stop()` kills every node
 * it started, then drops the schema and deletes the prefix's keys.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { deleteKeys } from "../packages/bus-redis/test-support/redis-test-env.ts";

/** What a child node is started with (LAIR_NODE_CONFIG, as JSON). */
export interface NodeConfig {
  databaseUrl: string;
  schema: string;
  redisUrl: string;
  keyPrefix: string;
  jwtSecret: string;
  heartbeatMs: number;
  nodeTimeoutMs: number;
  /** Passed to createLairServer when set. */
  presenceGraceMs?: number;
}

/** One line a child node writes on stdout after `@lair-node `. */
export type NodeFact =
  | { type: "ready"; port: number; tcpPort: number; node: string }
  | { type: "up"; node: string }
  | { type: "down"; node: string }
  | { type: "lost" }
  | { type: "back" };

const MARK = "@lair-node ";
const CHILD = join(import.meta.dirname, "cluster-node-child.ts");
const STDERR_KEPT = 8000;

/** A node process; `ready` resolves once it listens (rejects if it exits or stalls first). */
export class NodeProcess {
  /** Other nodes this one currently counts as alive. */
  readonly peers = new Set<string>();
  /** Every node this one declared gone, in order. */
  readonly downs: string[] = [];
  /** How many times its bus subscription dropped, and came back. */
  lost = 0;
  back = 0;
  nodeId = "";
  port = 0;
  tcpPort = 0;
  readonly ready: Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  readonly #child: ChildProcess;
  #stderr = "";
  #killedOnPurpose = false;

  constructor(
    readonly label: string,
    config: NodeConfig,
    startTimeoutMs = 90_000,
  ) {
    // Like vitest.shared.ts: sources, unless LAIR_TEST_DIST asks for the built dist.
    const conditions = process.env.LAIR_TEST_DIST ? [] : ["--conditions=source"];
    this.#child = spawn(process.execPath, [...conditions, "--import", "tsx", CHILD], {
      env: { ...process.env, LAIR_NODE_CONFIG: JSON.stringify(config) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // The child exits when this pipe closes; a write error after it died is expected.
    this.#child.stdin?.on("error", () => {});
    this.#child.stderr?.on("data", (d: Buffer) => {
      this.#stderr = (this.#stderr + d.toString()).slice(-STDERR_KEPT);
    });
    this.exited = new Promise((resolve) => {
      if (this.#child.exitCode !== null || this.#child.signalCode !== null) resolve();
      else this.#child.once("exit", () => resolve());
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${label}: not ready within ${startTimeoutMs} ms\n${this.#stderr}`)),
        startTimeoutMs,
      );
      this.#child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${label} exited (${code ?? signal}) before it was ready\n${this.#stderr}`));
      });
      this.#onFacts((fact) => {
        if (fact.type !== "ready") return;
        clearTimeout(timer);
        this.nodeId = fact.node;
        this.port = fact.port;
        this.tcpPort = fact.tcpPort;
        resolve();
      });
    });
    // Rejections are seen by whoever awaits `ready`; none must go unhandled meanwhile.
    this.ready.catch(() => {});
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Whether the process still runs. */
  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Whether it exited without being killed here. */
  get crashed(): boolean {
    return !this.running && !this.#killedOnPurpose;
  }

  /** The end of what it wrote on stderr. */
  get stderr(): string {
    return this.#stderr;
  }

  /** SIGKILL; resolves once it exited. */
  async kill(): Promise<void> {
    this.#killedOnPurpose = true;
    if (this.running) this.#child.kill("SIGKILL");
    await this.exited;
  }

  /** Parse stdout by lines (chunks split and join lines anywhere); anything unmarked is ignored. */
  #onFacts(also: (fact: NodeFact) => void): void {
    let buffer = "";
    this.#child.stdout?.setEncoding("utf8");
    this.#child.stdout?.on("data", (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl).trimEnd();
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf("\n");
        const at = line.indexOf(MARK);
        if (at < 0) continue;
        let fact: NodeFact;
        try {
          fact = JSON.parse(line.slice(at + MARK.length)) as NodeFact;
        } catch {
          continue;
        }
        this.#apply(fact);
        also(fact);
      }
    });
  }

  #apply(fact: NodeFact): void {
    switch (fact.type) {
      case "up":
        this.peers.add(fact.node);
        break;
      case "down":
        this.peers.delete(fact.node);
        this.downs.push(fact.node);
        break;
      case "lost":
        this.lost++;
        break;
      case "back":
        this.back++;
        break;
      case "ready":
        break;
    }
  }
}

export interface ProcessClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  heartbeatMs: number;
  nodeTimeoutMs: number;
  presenceGraceMs?: number;
  /** A throwaway Redis: its keys go with it, so `stop()` leaves them. @default false */
  throwawayRedis?: boolean;
  /** Ends the schema name, to tell runs of different tests apart. */
  label: string;
}

/** Nodes on one fresh schema and key prefix; create it synchronously so `stop()` always works. */
export class ProcessCluster {
  readonly nodes: NodeProcess[] = [];
  readonly schema: string;
  readonly keyPrefix: string;
  readonly jwtSecret = randomBytes(32).toString("hex");

  constructor(private readonly options: ProcessClusterOptions) {
    const tag = `${process.pid}_${randomBytes(4).toString("hex")}`;
    this.schema = `lair_test_${tag}_${options.label}`;
    this.keyPrefix = `lair-test:${tag}:`;
  }

  /** Start `count` nodes at once (migrations take an advisory lock) and wait until all listen. */
  async start(count: number): Promise<NodeProcess[]> {
    const started = Array.from(
      { length: count },
      (_, i) =>
        new NodeProcess(`node ${this.nodes.length + i}`, {
          databaseUrl: this.options.databaseUrl,
          schema: this.schema,
          redisUrl: this.options.redisUrl,
          keyPrefix: this.keyPrefix,
          jwtSecret: this.jwtSecret,
          heartbeatMs: this.options.heartbeatMs,
          nodeTimeoutMs: this.options.nodeTimeoutMs,
          ...(this.options.presenceGraceMs === undefined
            ? {}
            : { presenceGraceMs: this.options.presenceGraceMs }),
        }),
    );
    this.nodes.push(...started);
    await Promise.all(started.map((n) => n.ready));
    return started;
  }

  /** Every running node counts exactly the other running nodes as alive. */
  meshed(): boolean {
    const live = this.nodes.filter((n) => n.running);
    return live.every(
      (n) => n.peers.size === live.length - 1 && live.every((o) => o === n || n.peers.has(o.nodeId)),
    );
  }

  /** What each node wrote on stderr, for a failure report. */
  stderrReport(): string {
    return this.nodes
      .filter((n) => n.stderr !== "")
      .map((n) => `--- ${n.label} (${n.nodeId || "not ready"}) stderr:\n${n.stderr}`)
      .join("\n");
  }

  /** Kill every node, drop the schema, and delete the prefix's keys unless Redis is a throwaway. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.kill()));
    const admin = new pg.Client({ connectionString: this.options.databaseUrl });
    try {
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    } finally {
      await admin.end().catch(() => {});
    }
    if (this.options.redisUrl !== "" && this.options.throwawayRedis !== true)
      await deleteKeys(this.options.redisUrl, this.keyPrefix);
  }
}
