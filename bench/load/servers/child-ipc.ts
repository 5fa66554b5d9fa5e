/**
 * The child side of the generator ↔ server IPC. A server child announces its ports with
 * `ready`, answers `setup` with what clients need (tokens, room ids), runs `gc` so RSS is read
 * after a collection, and exits on `stop`. Every request carries an `id` echoed in the reply.
 */

export interface SetupRequest {
  /** Number of users to create. */
  users: number;
  /** Rooms, each as the indexes of its members (the first is the owner). */
  rooms: number[][];
}

export interface SetupReply {
  /** Per user: what the client presents (a Lair token; empty for the other servers). */
  tokens: string[];
  /** Per room: the id clients use. */
  roomIds: string[];
}

export interface ServerHandlers {
  setup(request: SetupRequest): Promise<SetupReply>;
  stop(): Promise<void>;
}

type ParentMessage =
  | { id: number; type: "setup"; request: SetupRequest }
  | { id: number; type: "gc" | "stop" };

export function serveIpc(ports: { ws: number; tcp?: number }, handlers: ServerHandlers): void {
  if (!process.send) throw new Error("a server child must be started with an IPC channel (fork)");
  const reply = (message: object) => process.send!(message);
  process.on("message", (raw) => {
    const m = raw as ParentMessage;
    const run = async () => {
      switch (m.type) {
        case "setup":
          return handlers.setup(m.request);
        case "gc": {
          const gc = (globalThis as { gc?: () => void }).gc;
          if (!gc) throw new Error("start the server child with --expose-gc");
          gc();
          await new Promise((r) => setTimeout(r, 50));
          gc();
          // For memory investigations: a heap snapshot after each collection the generator asks for.
          const dir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
          if (dir) {
            const { writeHeapSnapshot } = await import("node:v8");
            writeHeapSnapshot(`${dir}/heap-${process.pid}-${Date.now()}.heapsnapshot`);
          }
          return {};
        }
        case "stop":
          await handlers.stop();
          return {};
      }
    };
    run().then(
      (result) => {
        reply({ id: m.id, ok: true, result });
        if (m.type === "stop") process.disconnect();
      },
      (error: unknown) => reply({ id: m.id, ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  });
  // The generator dying must not leave a server behind.
  process.on("disconnect", () => setTimeout(() => process.exit(0), 100).unref());
  reply({ type: "ready", ports });
}
