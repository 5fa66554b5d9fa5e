/**
 * The Lair 1.1 conversation both Lair drivers share, independent of framing: wait for
 * `server_hello`, send `client_hello` (asking for the extensions our client SDK asks for),
 * `authenticate`, then `send_message` with a `client_message_id` as the SDK's outbox does.
 * Incoming `message_received` frames yield their payload without a JSON parse; other frames
 * are parsed only when they may carry an error.
 */
import type { ClientSpec } from "./driver.ts";
import { payloadIn } from "./driver.ts";

const FEATURES = ["seq", "idempotency", "resume", "cursor"];

export class LairSession {
  private state: "hello" | "auth" | "ready" = "hello";
  private sent = 0;
  readonly ready: Promise<void>;
  private settle!: { resolve: () => void; reject: (e: Error) => void };
  private readonly prefix: string;
  /** Keeps client_message_ids unique across connections of the same user (the server deduplicates). */
  private readonly nonce = Math.random().toString(36).slice(2, 8);

  constructor(
    private readonly spec: ClientSpec,
    private readonly write: (text: string) => void,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.prefix = `{"type":"send_message","target":{"type":"room","room_id":${JSON.stringify(spec.roomId)}},"request_id":"`;
  }

  /** Feed one received frame (JSON text). */
  receive(text: string): void {
    if (this.state === "ready") {
      if (text.includes('"type":"message_received"')) {
        const payload = payloadIn(text);
        if (payload) this.spec.onPayload(payload);
      } else if (text.includes('"success":false') || text.startsWith('{"type":"error"')) {
        const m = JSON.parse(text) as { code?: string; error?: { code?: string } };
        this.spec.onSendError(m.error?.code ?? m.code ?? "unknown");
      }
      return;
    }
    const m = JSON.parse(text) as {
      type?: string;
      success?: boolean;
      error?: { code?: string };
      code?: string;
    };
    if (this.state === "hello" && m.type === "server_hello") {
      this.write(
        JSON.stringify({
          type: "client_hello",
          version: "1.1",
          client_name: "lair-bench",
          features: FEATURES,
        }),
      );
      this.write(JSON.stringify({ type: "authenticate", request_id: "auth", token: this.spec.token }));
      this.state = "auth";
    } else if (this.state === "auth" && m.type === "authenticate_response") {
      if (m.success) {
        this.state = "ready";
        this.settle.resolve();
      } else this.settle.reject(new Error(`authenticate failed: ${m.error?.code}`));
    } else if (m.type === "error") {
      this.settle.reject(new Error(`server error during handshake: ${m.code}`));
    }
  }

  /** The connection ended before the handshake finished. */
  fail(error: Error): void {
    this.settle.reject(error);
  }

  send(payload: string): void {
    const n = ++this.sent;
    this.write(`${this.prefix}${n}","client_message_id":"${this.nonce}-${n}","content":"${payload}"}`);
  }
}
