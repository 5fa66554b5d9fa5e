/**
 * The generator side of a server child: fork it (tsx, --expose-gc, optionally --cpu-prof),
 * wait for its ports, send it requests over IPC, read its CPU time and RSS from /proc, stop it.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { cpuTimeMicros, rssBytes } from "../lib/proc-stats.ts";
import type { SetupReply, SetupRequest } from "./servers/child-ipc.ts";

export type ServerKind = "raw-ws" | "socketio" | "lair";

const ENTRY: Record<ServerKind, string> = {
  "raw-ws": "./servers/raw-ws-server.ts",
  socketio: "./servers/socketio-server.ts",
  lair: "./servers/lair-server.ts",
};

export interface StartOptions {
  /** Extra environment (e.g. BENCH_LAIR_STORAGE). */
  env?: Record<string, string>;
  /** Directory for a V8 CPU profile written when the child exits. */
  cpuProfDir?: string;
  /** How long to wait for the child's `ready`. @default 60000 */
  startTimeoutMs?: number;
}

export class ServerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    readonly kind: ServerKind,
    private readonly child: ChildProcess,
    readonly ports: { ws: number; tcp?: number },
  ) {
    child.on("message", (raw) => {
      const m = raw as { id?: number; ok?: boolean; result?: unknown; error?: string };
      if (m.id === undefined) return;
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) waiter?.resolve(m.result);
      else waiter?.reject(new Error(`${kind} server: ${m.error}`));
    });
    child.on("exit", (code) => {
      for (const w of this.pending.values()) w.reject(new Error(`${kind} server exited with ${code}`));
      this.pending.clear();
    });
  }

  static async start(kind: ServerKind, options: StartOptions = {}): Promise<ServerProcess> {
    // Our server runs the built packages (dist/), as deployments do; BENCH_SERVER_SOURCE=1 runs
    // their TypeScript sources through tsx instead (whose keepNames wrapper gives every named
    // closure a property store: more memory per connection, more CPU per closure).
    const fromSource = process.env.BENCH_SERVER_SOURCE === "1";
    const execArgv = [...(fromSource ? ["--conditions=source"] : []), "--import", "tsx", "--expose-gc"];
    // Extra V8/Node flags for the server children (e.g. "--trace-deopt"), for investigations.
    const extra = process.env.BENCH_SERVER_NODE_ARGS;
    if (extra) execArgv.push(...extra.split(/\s+/).filter(Boolean));
    if (options.cpuProfDir) {
      execArgv.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`);
      // Finer sampling for short windows (µs; Node's default is 1000).
      const interval = process.env.BENCH_CPU_PROF_INTERVAL;
      if (interval) execArgv.push(`--cpu-prof-interval=${Number(interval)}`);
    }
    const child = fork(fileURLToPath(new URL(ENTRY[kind], import.meta.url)), [], {
      execArgv,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ports = await new Promise<{ ws: number; tcp?: number }>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`${kind} server did not start`));
      }, options.startTimeoutMs ?? 60_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${kind} server exited with ${code} before it was ready`));
      });
      child.on("message", (m: { type?: string; ports?: { ws: number; tcp?: number } }) => {
        if (m.type !== "ready" || !m.ports) return;
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(m.ports);
      });
    });
    return new ServerProcess(kind, child, ports);
  }

  get pid(): number {
    return this.child.pid!;
  }

  private request<T>(message: object, timeoutMs = 300_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.kind} server: no answer to ${JSON.stringify(message).slice(0, 40)}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ ...message, id });
    });
  }

  setup(request: SetupRequest): Promise<SetupReply> {
    return this.request({ type: "setup", request });
  }

  /** Run two full collections in the child, so RSS reflects live memory. */
  gc(): Promise<void> {
    return this.request({ type: "gc" });
  }

  cpuMicros(): number {
    return cpuTimeMicros(this.pid);
  }

  rss(): number {
    return rssBytes(this.pid);
  }

  /** Ask the child to close everything and exit; kill it if it does not within the timeout. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    try {
      await this.request({ type: "stop" }, timeoutMs);
    } catch (error) {
      console.warn(String(error));
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
