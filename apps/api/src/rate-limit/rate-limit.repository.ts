import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import { loadLua } from '@app/engine';
import type { Redis } from 'ioredis';

type WithHitWindow = Redis & { hitWindow(key: string, windowMs: number): Promise<[number, number]> };

export interface WindowCount {
  count: number;
  /** Milliseconds until the window resets (0 when there is no window). */
  resetMs: number;
}

/**
 * Fixed-window counters in Redis, shared by every API process. One script per hit
 * (libs/engine/src/lua/hitWindow-1.lua), so the window starts at the first hit and never extends.
 */
@Injectable()
export class RateLimitRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    if (!('hitWindow' in redis)) redis.defineCommand('hitWindow', { numberOfKeys: 1, lua: loadLua('hitWindow-1') });
  }

  /** The counter of one caller in one scope (also what the enroll route's accept script hits). */
  key(scope: string, id: string | number): string { return this.keys.rateLimit(scope, id); }

  async hit(scope: string, id: string | number, windowMs: number): Promise<WindowCount> {
    const [count, ttl] = await (this.redis as WithHitWindow).hitWindow(this.key(scope, id), windowMs);
    return { count: Number(count), resetMs: Number(ttl) > 0 ? Number(ttl) : windowMs };
  }

  async peek(scope: string, id: string | number): Promise<WindowCount> {
    const key = this.keys.rateLimit(scope, id);
    const [[, value], [, ttl]] = ((await this.redis.multi().get(key).pttl(key).exec()) ?? [[null, null], [null, -2]]) as [unknown, unknown][];
    return { count: Number(value ?? 0), resetMs: Math.max(0, Number(ttl)) };
  }

  async clear(scope: string, id: string | number): Promise<void> {
    await this.redis.del(this.keys.rateLimit(scope, id));
  }

  /** Takes a gate that only one caller may hold per `ms` (SET NX PX); false when it is taken. */
  async takeGate(scope: string, id: string | number, ms: number): Promise<boolean> {
    return (await this.redis.set(this.keys.rateLimit(scope, id), '1', 'PX', ms, 'NX')) === 'OK';
  }
}
