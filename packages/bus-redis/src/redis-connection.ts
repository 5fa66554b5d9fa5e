/**
 * The slice of an ioredis client this package uses, typed structurally so that no public type
 * names ioredis (the caller's own client, of whatever ioredis copy, fits), and the one place a
 * client is created from a URL.
 */
import { Redis } from "ioredis";

type Listener = (...args: unknown[]) => void;

/** An ioredis (6.x) client. Only the members this package calls are listed. */
export interface RedisClientLike {
  readonly status: string;
  duplicate(override?: Record<string, unknown>): RedisClientLike;
  publish(channel: string, message: Buffer): Promise<number>;
  subscribe(...channels: string[]): Promise<unknown>;
  call(command: string, ...args: Array<string | number | Buffer>): Promise<unknown>;
  on(event: string, listener: Listener): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

/** Where a component gets its Redis connection: a client the caller owns, or a URL. */
export interface RedisSource {
  /** A connected ioredis client; it is used as given and never closed by this package. @default undefined */
  redis?: RedisClientLike;
  /** A Redis URL to connect to when `redis` is not given; that connection is closed with the component. @default "redis://127.0.0.1:6379" */
  url?: string;
}

export interface ResolvedConnection {
  client: RedisClientLike;
  /** Whether the component created the client (and so must close it). */
  owned: boolean;
}

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

/** The caller's client, or a new one from the URL. */
export function resolveConnection(source: RedisSource, who: string): ResolvedConnection {
  if (source.redis !== undefined) {
    const r = source.redis as Partial<RedisClientLike> | null;
    if (!r || typeof r.duplicate !== "function" || typeof r.call !== "function") {
      throw new TypeError(`${who}: options.redis must be an ioredis client`);
    }
    return { client: source.redis, owned: false };
  }
  const url = source.url ?? DEFAULT_REDIS_URL;
  if (typeof url !== "string" || !/^rediss?:\/\//.test(url)) {
    throw new TypeError(`${who}: options.url must be a redis:// or rediss:// URL`);
  }
  return { client: new Redis(url) as unknown as RedisClientLike, owned: true };
}

/** Check a key prefix: non-empty, no whitespace (it ends up in channel names and keys). */
export function checkKeyPrefix(prefix: unknown, who: string): string {
  if (typeof prefix !== "string" || prefix.length === 0 || /\s/.test(prefix)) {
    throw new TypeError(`${who}: options.keyPrefix must be a non-empty string without whitespace`);
  }
  return prefix;
}
