/**
 * WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside whichever commit
 * crosses `wal_autocheckpoint` pages: it copies the WAL back into the database file and fsyncs
 * both, and better-sqlite3 is synchronous, so that commit holds the event loop for tens of
 * milliseconds. Here the server's connection runs with `wal_autocheckpoint = 0` and a second
 * connection on a worker thread runs `PRAGMA wal_checkpoint(PASSIVE)` every few milliseconds:
 * PASSIVE never waits for (or blocks) the writer. SQLite only starts the WAL over when a commit
 * begins with every frame already copied, which happens at the first quiet moment; a steady
 * stream of commits may never allow one, so once the WAL holds more than `restartPages` the
 * worker runs one RESTART checkpoint: it holds the writer while it copies the few frames PASSIVE
 * left and syncs, and makes the next commit start the WAL from the beginning. Durability is unchanged: a commit is durable by what it writes to
 * the WAL, not by the checkpoint.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Runs in the worker (CommonJS, `eval`): one connection, one timer. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma("busy_timeout = " + workerData.busyTimeoutMs);
db.pragma("synchronous = " + workerData.synchronous);
const timer = setInterval(() => {
  try {
    const [passive] = db.pragma("wal_checkpoint(PASSIVE)");
    if (passive && passive.log > workerData.restartPages) db.pragma("wal_checkpoint(RESTART)");
  } catch (error) {
    parentPort.postMessage({ type: "error", message: String((error && error.message) || error) });
  }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "close") return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpointOptions {
  filename: string;
  intervalMs: number;
  /** WAL size (pages) past which a RESTART checkpoint starts the WAL over. */
  restartPages: number;
  busyTimeoutMs: number;
  synchronous: string;
  /** A checkpoint failed (it is retried on the next tick). */
  onError(message: string): void;
  /** The worker is gone for good; the caller turns SQLite's own checkpoints back on. */
  onExit(): void;
}

export class BackgroundCheckpoints {
  readonly #worker: Worker;
  #closing = false;
  readonly #exited: Promise<void>;

  constructor(options: BackgroundCheckpointOptions) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver,
        filename: options.filename,
        intervalMs: options.intervalMs,
        restartPages: options.restartPages,
        busyTimeoutMs: options.busyTimeoutMs,
        synchronous: options.synchronous,
      },
      // Its own small heap: it holds one connection and a timer.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    // Never keeps the process alive on its own.
    this.#worker.unref();
    this.#worker.on("message", (m: { type?: string; message?: string }) => {
      if (m?.type === "error") options.onError(String(m.message));
    });
    this.#worker.on("error", (error) => options.onError(error.message));
    this.#exited = new Promise((resolve) => {
      this.#worker.once("exit", () => {
        if (!this.#closing) options.onExit();
        resolve();
      });
    });
  }

  /** Stop the worker and close its connection. */
  async close(): Promise<void> {
    if (this.#closing) return this.#exited;
    this.#closing = true;
    this.#worker.postMessage("close");
    const forced = setTimeout(() => void this.#worker.terminate(), 2000);
    forced.unref();
    await this.#exited;
    clearTimeout(forced);
  }
}
