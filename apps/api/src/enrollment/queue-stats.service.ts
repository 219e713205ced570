import { DecisionRate, EnrollmentGate } from '@app/engine';
import { EnrollmentQueueProducer } from '@app/queue';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** What staff watch on registration day: depth, rates, the oldest wait. */
@Injectable()
export class QueueStatsService {
  private readonly committed = new DecisionRate();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly queue: EnrollmentQueueProducer,
    private readonly gate: EnrollmentGate,
  ) {}

  async snapshot() {
    const [counts, head, committedSeq, lineLength, inDraw] = await Promise.all([
      this.queue.counts(),
      this.redis.zrange(this.keys.line, 0, 0),
      this.redis.get(this.keys.committedSeq),
      this.redis.zcard(this.keys.line),
      this.redis.get(this.keys.drawsWaiting),
    ]);
    await this.gate.decidedUpTo();
    const now = Date.now();
    this.committed.record(Number(committedSeq ?? 0), now);
    const oldest = head.length ? Number(await this.redis.hget(this.keys.request(head[0]!), 't')) : null;
    return {
      waiting: counts.waiting,
      active: counts.active,
      delayed: counts.delayed,
      failed: counts.failed,
      inLine: lineLength,
      inDraw: Math.max(0, Number(inDraw ?? 0)),
      decidedPerSecond: Math.round(this.gate.rate.perSecond() * 10) / 10,
      committedPerSecond: Math.round(this.committed.perSecond() * 10) / 10,
      oldestWaitingMs: oldest ? Math.max(0, now - oldest) : 0,
    };
  }
}
