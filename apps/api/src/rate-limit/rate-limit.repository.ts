import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

export interface WindowCount {
  count: number;
  /** Milliseconds until the window resets (0 when there is no window). */
  resetMs: number;
}

/**
 * Fixed-window counters in Redis, shared by every API process. One MULTI per hit
 * (INCR, PEXPIRE NX, PTTL), so the window starts at the first hit and never extends.
 */
@Injectable()
export class RateLimitRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async hit(scope: string, id: string | number, windowMs: number): Promise<WindowCount> {
    const key = this.keys.rateLimit(scope, id);
    const res = await this.redis.multi().incr(key).pexpire(key, windowMs, 'NX').pttl(key).exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    const ttl = Number(res?.[2]?.[1] ?? windowMs);
    return { count, resetMs: ttl > 0 ? ttl : windowMs };
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
