import { RedisKeys, REDIS } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

export interface SeatCount {
  capacity: number;
  enrolled: number;
  remaining: number;
}

/**
 * Live seat counts from the engine's Redis state, for the catalogue. One round trip for a
 * whole page (pipelined HMGET). Sections Redis does not know (not primed yet) are left out,
 * so the caller falls back to MySQL's committed count.
 */
@Injectable()
export class SeatsRepository {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async counts(sectionIds: readonly number[]): Promise<Map<number, SeatCount>> {
    const out = new Map<number, SeatCount>();
    if (!sectionIds.length) return out;
    const pipe = this.redis.pipeline();
    for (const id of sectionIds) pipe.hmget(this.keys.section(id), 'cap', 'n');
    const results = (await pipe.exec()) ?? [];
    results.forEach(([err, value], i) => {
      const [cap, n] = (value as (string | null)[] | null) ?? [];
      if (err || cap == null || n == null) return;
      const capacity = Number(cap);
      const enrolled = Number(n);
      out.set(sectionIds[i]!, { capacity, enrolled, remaining: Math.max(0, capacity - enrolled) });
    });
    return out;
  }
}
