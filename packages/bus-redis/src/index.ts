/**
 * @lair-chat/bus-redis — run many Lair Chat server nodes on one Redis: the cluster bus
 * (`createRedisBus`) and cluster-wide rate limits (`createRedisRateLimiter`). Redis holds
 * nothing durable; see docs/scaling.md.
 */
export { createRedisBus, RedisBus, type RedisBusOptions } from "./redis-bus.ts";
export type { RedisClientLike, RedisSource } from "./redis-connection.ts";
export {
  createRedisRateLimiter,
  RedisRateLimiter,
  type RedisRateLimiterOptions,
} from "./redis-rate-limiter.ts";
