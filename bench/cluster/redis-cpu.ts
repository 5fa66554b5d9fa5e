/**
 * CPU time of the Redis server the cluster talks to, when it runs on this machine: its pid
 * from `INFO server`, its CPU time from /proc. Null when Redis is elsewhere (or /proc is not
 * readable), so the report leaves the column empty instead of guessing.
 */
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { cpuTimeMicros } from "../lib/proc-stats.ts";

export async function redisCpuReader(url: string): Promise<(() => number) | null> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    const info = await client.info("server");
    const pid = Number(/^process_id:(\d+)/m.exec(info)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    // A Redis in another pid namespace reports a pid that means something else here.
    if (!readFileSync(`/proc/${pid}/comm`, "utf8").includes("redis")) return null;
    return () => cpuTimeMicros(pid);
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}
