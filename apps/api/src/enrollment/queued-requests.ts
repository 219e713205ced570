import type { EnrollmentRequestView } from '@app/contracts';
import { EnrollmentGate } from '@app/engine';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** How often an open stream reads its student's requests again: one made through another API process shows by then. */
export const REREAD_MS = 10_000;

/**
 * A student's requests still in line or waiting for a draw (read when their stream opens, when this
 * process accepts one of theirs, and every REREAD_MS), and ETAs.
 */
@Injectable()
export class QueuedRequests {
  /** The open streams of each student in this process: told when this process accepts a request of theirs. */
  private readonly streams = new Map<number, Set<() => void>>();

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

  /** undefined while the line is stalled (DecisionRate.etaIfMoving). */
  eta(placesAhead: number): number | undefined { return this.gate.rate.etaIfMoving(placesAhead); }

  /**
   * Every request of the student's still waiting for a seat (in line, in a draw, on the waitlist), as
   * GET /api/me/requests/:id tells each: what a second tab or device rebuilds its waiting line from.
   */
  async waiting(studentId: number): Promise<EnrollmentRequestView[]> {
    const pending = Object.values(await this.redis.hgetall(this.keys.studentPending(studentId)));
    return (await this.gate.statuses(studentId, pending)).filter((v) => v.status === 'QUEUED' || v.status === 'WAITLISTED');
  }

  /** `fn` runs whenever this process accepts a request of the student's; the returned function stops it. */
  onAccepted(studentId: number, fn: () => void): () => void {
    let set = this.streams.get(studentId);
    if (!set) this.streams.set(studentId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (!set.size) this.streams.delete(studentId);
    };
  }

  accepted(studentId: number): void {
    for (const fn of this.streams.get(studentId) ?? []) fn();
  }
}
