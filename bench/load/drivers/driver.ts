/**
 * What the generator needs from a server-specific client: connect (handshake, authenticate,
 * be in the room), send one chat message, hand back the payload of every chat message that
 * arrives. Payloads are short ASCII strings made by payload.ts; drivers must not parse more of
 * a frame than they need to find it.
 */

export interface ClientSpec {
  /** Generator-wide index of this client. */
  index: number;
  /** What the server setup returned for this user (a Lair token; empty elsewhere). */
  token: string;
  /** The room this client is in (a server-side id), or null for an idle client. */
  roomId: string | null;
  /** A chat message arrived carrying this payload. */
  onPayload(payload: string): void;
  /** A send was refused or failed (an error response, for example). */
  onSendError(code: string): void;
}

export interface DriverClient {
  /** Send one chat message with `payload` to the client's room. */
  send(payload: string): void;
  /** Close the connection without waiting. */
  close(): void;
}

export interface Driver {
  /** Label in the tables. */
  readonly name: string;
  /** Resolves once the client is connected, authenticated and in its room. */
  connect(spec: ClientSpec): Promise<DriverClient>;
}

/** Find the payload in a frame: it starts at `B|` and ends before the next `"`. */
export function payloadIn(text: string): string | null {
  const start = text.indexOf("B|");
  if (start < 0) return null;
  const end = text.indexOf('"', start);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/** Reject after `ms` unless `promise` settles first. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]);
}
