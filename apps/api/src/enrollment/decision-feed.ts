import { Channel, type EnrollmentRequestView, type RejectReason, type RequestStatus } from '@app/contracts';
import { CommitWatermark, EnrollmentGate } from '@app/engine';
import { REDIS_SUBSCRIBER, RedisKeys } from '@app/redis';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';

type Listener = (e: EnrollmentRequestView) => void;

/**
 * One subscription per API process to the engine's decision and progress channels, fanned
 * out to the SSE streams of the students connected here. Position ticks cost no per-student
 * Redis work: each stream compares its own places in line with the one shared counter.
 */
@Injectable()
export class DecisionFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listeners = new Map<number, Set<Listener>>();
  private decidedUpTo = 0;
  private readonly decisions: string;
  private readonly progress: string;

  constructor(
    @Inject(REDIS_SUBSCRIBER) private readonly sub: Redis,
    keys: RedisKeys,
    private readonly gate: EnrollmentGate,
    private readonly watermark: CommitWatermark,
  ) {
    this.decisions = keys.channel(Channel.DECISIONS);
    this.progress = keys.channel(Channel.PROGRESS);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sub.on('message', (channel: string, message: string) => {
      if (channel === this.progress) this.decidedUpTo = Math.max(this.decidedUpTo, Number(message));
      else if (channel === this.decisions) this.onDecision(message);
    });
    await this.watermark.start().catch(() => {}); // subscribes (and connects) the shared subscriber
    await this.sub.subscribe(this.decisions, this.progress).catch(() => {});
  }

  onApplicationShutdown(): void {
    this.watermark.stop();
    this.sub.unsubscribe().catch(() => {});
  }

  get upTo(): number { return this.decidedUpTo; }

  async refreshUpTo(): Promise<number> {
    this.decidedUpTo = Math.max(this.decidedUpTo, await this.gate.decidedUpTo().catch(() => 0));
    return this.decidedUpTo;
  }

  on(studentId: number, l: Listener): () => void {
    const set = this.listeners.get(studentId) ?? new Set();
    set.add(l);
    this.listeners.set(studentId, set);
    return () => {
      set.delete(l);
      if (!set.size) this.listeners.delete(studentId);
    };
  }

  get connections(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  private onDecision(message: string): void {
    // rid|student|section|outcome|reason|conflictSection|position (written by the Lua gate)
    const [rid, s, x, outcome, reason, csec] = message.split('|');
    const set = this.listeners.get(Number(s));
    if (!set) return;
    const view: EnrollmentRequestView = { requestId: rid!, sectionId: Number(x), status: outcome as RequestStatus };
    if (reason) view.reason = reason as RejectReason;
    if (csec) view.conflictSectionId = Number(csec);
    for (const l of set) l(view);
  }
}
