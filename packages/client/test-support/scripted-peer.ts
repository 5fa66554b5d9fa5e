/**
 * A scripted server peer for unit tests: the far end of a memory transport pair that records
 * what the client sent and answers what the test tells it to. Not shipped (outside src/).
 */
import { createMemoryTransportPair, type MemoryTransport } from "@lair-chat/protocol";
import type { OpenedTransport } from "../src/realtime/transport-factory.ts";

export type Frame = Record<string, unknown> & { type: string };

export const TEST_USER = {
  id: "u1",
  username: "alice",
  email: "alice@example.com",
  role: "user",
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z",
  last_seen_at: null,
} as const;

export class ScriptedPeer {
  readonly server: MemoryTransport;
  readonly client: MemoryTransport;
  readonly received: Frame[] = [];
  #waiters: Array<{ type: string; resolve: (frame: Frame) => void }> = [];

  constructor() {
    const [client, server] = createMemoryTransportPair();
    this.client = client;
    this.server = server;
    server.on("message", (data) => {
      const frame = JSON.parse(data) as Frame;
      this.received.push(frame);
      const index = this.#waiters.findIndex((w) => w.type === frame.type);
      if (index >= 0) this.#waiters.splice(index, 1)[0]!.resolve(frame);
      else this.#unclaimed.push(frame);
    });
  }

  #unclaimed: Frame[] = [];

  opened(): OpenedTransport {
    return { transport: this.client };
  }

  send(frame: Frame): void {
    this.server.send(JSON.stringify(frame));
  }

  hello(features: string[] = [], extra: Record<string, unknown> = {}): void {
    this.send({
      type: "server_hello",
      version: "1.1",
      server_name: "scripted",
      features,
      encryption_required: false,
      ...extra,
    });
  }

  /** The next frame of `type` the client sends (or one it already sent and nobody took). */
  next(type: string): Promise<Frame> {
    const index = this.#unclaimed.findIndex((f) => f.type === type);
    if (index >= 0) return Promise.resolve(this.#unclaimed.splice(index, 1)[0]!);
    return new Promise((resolve) => this.#waiters.push({ type, resolve }));
  }

  reply(request: Frame, payload: Record<string, unknown>): void {
    this.send({
      type: `${request.type}_response`,
      request_id: request.request_id,
      success: true,
      ...payload,
    });
  }

  replyError(request: Frame, code: string, message = code): void {
    this.send({
      type: `${request.type}_response`,
      request_id: request.request_id,
      success: false,
      error: { code, message },
    });
  }

  /** Answer `authenticate` with success. */
  async acceptAuth(): Promise<Frame> {
    const auth = await this.next("authenticate");
    this.reply(auth, { user: TEST_USER, session: { id: "s1", expires_at: "2030-01-01T00:00:00Z" } });
    return auth;
  }
}
