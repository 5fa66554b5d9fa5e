/**
 * A Lua script run by its SHA1 (EVALSHA), loaded on the first NOSCRIPT, which is what follows a
 * Redis restart or SCRIPT FLUSH. Kept here rather than in ioredis's `defineCommand`, which
 * would add a method to the caller's client.
 */
import { createHash } from "node:crypto";
import type { RedisClientLike } from "./redis-connection.ts";

export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  async run(client: RedisClientLike, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await client.call("EVALSHA", this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.call("EVAL", this.source, keys.length, ...keys, ...args);
    }
  }
}
