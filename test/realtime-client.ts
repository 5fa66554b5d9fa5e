/**
 * A test client for the real-time endpoints: a protocol Transport (WebSocket or TCP) with an
 * inbox, so tests can `send` frames and `next`/`waitFor` what the server answers.
 */
import { connectWebSocket, type FrameCipher, type Transport, whenOpen } from "@lair-chat/protocol";
import { connectTcp, type TcpTransport } from "@lair-chat/protocol/node";
import WebSocket from "ws";

export type Msg = Record<string, unknown>;

export interface CloseInfo {
  code: number;
  reason: string;
}

export class TestClient {
  readonly transport: Transport;
  readonly closed: Promise<CloseInfo>;
  /** Every frame received, in order (also those already taken by `next`). */
  readonly received: Msg[] = [];
  #inbox: Msg[] = [];
  #waiters: Array<{ match: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  #requestSeq = 0;

  constructor(transport: Transport) {
    this.transport = transport;
    transport.on("message", (data) => {
      let m: Msg;
      try {
        m = JSON.parse(data) as Msg;
      } catch {
        m = { type: "__unparseable", data };
      }
      this.received.push(m);
      const i = this.#waiters.findIndex((w) => w.match(m));
      if (i >= 0) this.#waiters.splice(i, 1)[0]!.resolve(m);
      else this.#inbox.push(m);
    });
    transport.on("error", () => {});
    this.closed = new Promise((resolve) => transport.on("close", (info) => resolve(info)));
  }

  static async ws(url: string, options: { origin?: string } = {}): Promise<TestClient> {
    const headers = options.origin === undefined ? {} : { origin: options.origin };
    class WithHeaders extends WebSocket {
      constructor(u: string) {
        super(u, { headers });
      }
    }
    const t = connectWebSocket(url, { WebSocket: WithHeaders as never });
    const client = new TestClient(t);
    await whenOpen(t);
    return client;
  }

  static async tcp(port: number): Promise<TestClient> {
    const t = connectTcp({ host: "127.0.0.1", port });
    const client = new TestClient(t);
    await whenOpen(t);
    return client;
  }

  send(value: unknown): void {
    this.transport.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  /** Next frame not yet taken. */
  next(): Promise<Msg> {
    return this.waitFor(() => true);
  }

  /** First untaken frame matching `match` (frames before it stay in the inbox). */
  waitFor(match: (m: Msg) => boolean): Promise<Msg> {
    const i = this.#inbox.findIndex(match);
    if (i >= 0) return Promise.resolve(this.#inbox.splice(i, 1)[0]!);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  waitForType(type: string): Promise<Msg> {
    return this.waitFor((m) => m.type === type);
  }

  /** Send a request with a fresh request_id and wait for its `<type>_response` (or an `error` with its id). */
  async request(type: string, body: Msg = {}): Promise<Msg> {
    const requestId = `${type}-${++this.#requestSeq}`;
    this.send({ type, request_id: requestId, ...body });
    return this.waitFor((m) => m.request_id === requestId);
  }

  /** Frames still in the inbox. */
  pending(): Msg[] {
    return [...this.#inbox];
  }

  /** TCP: encrypt everything from now on. */
  setCipher(cipher: FrameCipher): void {
    (this.transport as TcpTransport).setCipher(cipher);
  }

  close(): void {
    if (this.transport.readyState === "open") this.transport.close();
  }

  /** Handshake and authenticate with a token. */
  async authenticate(token: string, features: string[] = []): Promise<Msg> {
    await this.waitForType("server_hello");
    this.send({ type: "client_hello", version: "1.1", client_name: "test", features });
    const response = await this.request("authenticate", { token });
    if (response.success !== true) throw new Error(`authenticate failed: ${JSON.stringify(response)}`);
    return response;
  }
}
