/**
 * WAL checkpoints on a worker thread. SQLite's automatic checkpoint runs inside whichever commit
 * crosses `wal_autocheckpoint` pages: it copies the WAL back into the database file and fsyncs
 * both, and better-sqlite3 is synchronous, so that commit holds the event loop for tens of
 * milliseconds. Here the server's connection runs with `wal_autocheckpoint = 0` and a second
 * connection on a worker thread runs `PRAGMA wal_checkpoint(PASSIVE)` once 1,000 pages wait to
 * be copied (what SQLite's own autocheckpoint waits for) or once the writer has gone quiet.
 * PASSIVE never waits for (or blocks) the writer. SQLite only starts the WAL over when a commit
 * begins with every frame already copied, which happens at the first quiet moment; a steady
 * stream of commits may never allow one, so once the WAL holds more than `restartPages` the
 * worker runs one RESTART checkpoint: it holds the writer while it copies the few frames
 * PASSIVE left and syncs, and makes the next commit start the WAL from the beginning.
 * Durability is unchanged: a commit is durable by what it writes to the WAL, not by the
 * checkpoint.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Runs in the worker (CommonJS, `eval`): one connection, one timer. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const os = require("node:os");
const Database = require(workerData.driver);
const db = new Database(workerData.filename, { fileMustExist: true });
db.pragma("busy_timeout = " + workerData.busyTimeoutMs);
db.pragma("synchronous = " + workerData.synchronous);
// The WAL-index header in the -shm file (sqlite.org/walformat.html): mxFrame, the last valid
// frame, at byte 16; nBackfill, the frames already copied back, at byte 96; native byte order.
// Read as a hint of how much a checkpoint would copy, so the worker copies in chunks the size
// of SQLite's own autocheckpoint, not on every tick.
const le = os.endianness() === "LE";
const header = Buffer.alloc(100);
let shm;
function walState() {
  try {
    shm ??= fs.openSync(workerData.filename + "-shm", "r");
    if (fs.readSync(shm, header, 0, 100, 0) < 100) return undefined;
    const mxFrame = le ? header.readUInt32LE(16) : header.readUInt32BE(16);
    const backfilled = le ? header.readUInt32LE(96) : header.readUInt32BE(96);
    return { mxFrame, pending: mxFrame - backfilled };
  } catch {
    return undefined;
  }
}
let lastFrame = -1;
const timer = setInterval(() => {
  try {
    const wal = walState();
    // Copy once a chunk has gathered, or whatever is left once the writer has gone quiet (so
    // the next commit starts the WAL over); without the hint, on every tick.
    const due =
      wal === undefined ||
      wal.pending >= workerData.chunkPages ||
      (wal.pending > 0 && wal.mxFrame === lastFrame);
    lastFrame = wal === undefined ? -1 : wal.mxFrame;
    if (!due) return;
    const [passive] = db.pragma("wal_checkpoint(PASSIVE)");
    if (passive && passive.log > workerData.restartPages) db.pragma("wal_checkpoint(RESTART)");
  } catch (error) {
    parentPort.postMessage({ type: "error", message: String((error && error.message) || error) });
  }
}, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "close") return;
  clearInterval(timer);
  if (shm !== undefined) fs.closeSync(shm);
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpointOptions {
  filename: string;
  intervalMs: number;
  /** WAL pages not yet copied back that make a checkpoint due (SQLite's own autocheckpoint is 1,000). */
  chunkPages: number;
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
        chunkPages: options.chunkPages,
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
