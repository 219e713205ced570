import { EnrollmentGate } from '@app/engine';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** A student's requests still in line or waiting for a draw (read when their stream opens), and ETAs. */
@Injectable()
export class QueuedRequests {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly gate: EnrollmentGate,
  ) {}

  /** `placed`: request id → place in line; `drawing`: request id → when its draw is held (ms). */
  async of(studentId: number): Promise<{ placed: Map<string, number>; drawing: Map<string, number> }> {
    const pending = Object.values(await this.redis.hgetall(this.keys.studentPending(studentId)));
    const placed = new Map<string, number>();
    const drawing = new Map<string, number>();
    if (!pending.length) return { placed, drawing };
    const pipe = this.redis.pipeline();
    for (const rid of pending) pipe.hmget(this.keys.request(rid), 'st', 'pos', 'da');
    const res = (await pipe.exec()) ?? [];
    res.forEach(([err, v], i) => {
      const [st, pos, da] = (v as (string | null)[]) ?? [];
      if (err || st !== 'QUEUED') return;
      if (pos) placed.set(pending[i]!, Number(pos));
      else if (da) drawing.set(pending[i]!, Number(da));
    });
    return { placed, drawing };
  }

  eta(placesAhead: number): number { return this.gate.rate.eta(placesAhead); }
}
