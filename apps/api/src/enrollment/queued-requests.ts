import { EnrollmentGate } from '@app/engine';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** A student's requests still in line (read once when their stream opens), and ETAs. */
@Injectable()
export class QueuedRequests {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly gate: EnrollmentGate,
  ) {}

  async of(studentId: number): Promise<Map<string, number>> {
    const pending = Object.values(await this.redis.hgetall(this.keys.studentPending(studentId)));
    const out = new Map<string, number>();
    if (!pending.length) return out;
    const pipe = this.redis.pipeline();
    for (const rid of pending) pipe.hmget(this.keys.request(rid), 'st', 'pos');
    const res = (await pipe.exec()) ?? [];
    res.forEach(([err, v], i) => {
      const [st, pos] = (v as (string | null)[]) ?? [];
      if (!err && st === 'QUEUED' && pos) out.set(pending[i]!, Number(pos));
    });
    return out;
  }

  eta(placesAhead: number): number { return this.gate.rate.eta(placesAhead); }
}
