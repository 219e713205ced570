import { Channel, type EnrollmentRequestView, type RejectReason, type RequestStatus } from '@app/contracts';
import { CommitWatermark, EnrollmentGate } from '@app/engine';
import { REDIS_SUBSCRIBER, RedisKeys } from '@app/redis';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';

type Listener = (e: EnrollmentRequestView) => void;

/** How long the channels stay subscribed after the last stream here closed (reconnecting clients). */
export const FEED_IDLE_MS = 3000;

/**
 * One subscription per API process to the engine's decision and progress channels, fanned
 * out to the SSE streams of the students connected here. Position ticks cost no per-student
 * Redis work: each stream compares its own places in line with the one shared counter.
 * Subscribed only while this process has streams: every decide call is a message to every
 * subscriber (its decisions a line each), and on this box a message that wakes an idle process
 * costs ~50 µs of its CPU and as much of Redis's — for a process with no stream to give it to,
 * pure waste.
 */
@Injectable()
export class DecisionFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly listeners = new Map<number, Set<Listener>>();
  private decidedUpTo = 0;
  private readonly decisions: string;
  private readonly progress: string;
  private subscribed: Promise<void> | null = null;
  private idle: NodeJS.Timeout | null = null;

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
  }

  onApplicationShutdown(): void {
    if (this.idle) clearTimeout(this.idle);
    this.watermark.stop();
    this.sub.unsubscribe().catch(() => {});
  }

  get upTo(): number { return this.decidedUpTo; }

  /**
   * Adds a stream's listener. `ready` resolves once decisions reach it: read the student's
   * queued requests after that, so a decision is either in that read or an event, never lost
   * between the two.
   */
  on(studentId: number, l: Listener): { off: () => void; ready: Promise<void> } {
    const set = this.listeners.get(studentId) ?? new Set();
    set.add(l);
    this.listeners.set(studentId, set);
    const ready = this.subscribe();
    return {
      ready,
      off: () => {
        set.delete(l);
        if (!set.size) this.listeners.delete(studentId);
        if (!this.listeners.size) this.unsubscribeSoon();
      },
    };
  }

  private subscribe(): Promise<void> {
    if (this.idle) { clearTimeout(this.idle); this.idle = null; }
    this.subscribed ??= (async () => {
      await this.sub.subscribe(this.decisions, this.progress);
      // Progress messages were not followed while unsubscribed: start from the counter itself.
      this.decidedUpTo = Math.max(this.decidedUpTo, await this.gate.decidedUpTo().catch(() => 0));
    })().catch((err: unknown) => { this.subscribed = null; throw err; });
    return this.subscribed;
  }

  private unsubscribeSoon(): void {
    if (this.idle || !this.subscribed) return;
    this.idle = setTimeout(() => {
      this.idle = null;
      if (this.listeners.size || !this.subscribed) return;
      this.subscribed = null;
      this.sub.unsubscribe(this.decisions, this.progress).catch(() => {});
    }, FEED_IDLE_MS);
    this.idle.unref();
  }

  get connections(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  private onDecision(message: string): void {
    // One message per engine script call, a line per decision, in decision order:
    // rid|student|section|outcome|reason|conflictSection|position (written by the Lua gate)
    for (const line of message.split('\n')) {
      // Most lines are for students whose streams are on other API processes: read the student
      // first, and take the line apart only for one of ours.
      const a = line.indexOf('|');
      const set = this.listeners.get(Number(line.slice(a + 1, line.indexOf('|', a + 1))));
      if (!set) continue;
      const [rid, , x, outcome, reason, csec] = line.split('|');
      const view: EnrollmentRequestView = { requestId: rid!, sectionId: Number(x), status: outcome as RequestStatus };
      if (reason) view.reason = reason as RejectReason;
      if (csec) view.conflictSectionId = Number(csec);
      for (const l of set) l(view);
    }
  }
}
