import { Redis, type RedisOptions } from 'ioredis';

/**
 * `producer`: fail fast when Redis is down (no offline queue, bounded retries) so the API can
 * answer 503 at once. `worker`: BullMQ workers need maxRetriesPerRequest null and keep retrying.
 */
export function createRedis(url: string, role: 'producer' | 'worker', extra: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, enableAutoPipelining: true }
      : { maxRetriesPerRequest: null, enableAutoPipelining: true };
  const client = new Redis(url, {
    ...base,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    ...extra,
  });
  // Connection errors surface through commands and health checks; an unhandled 'error' event would crash.
  client.on('error', () => {});
  return client;
}
