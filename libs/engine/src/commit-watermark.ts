import { Channel } from '@app/contracts';
import type { RedisKeys } from '@app/redis';
import type { Redis } from 'ioredis';

interface Waiter { seq: number; resolve: () => void; timer: NodeJS.Timeout; reject: (e: Error) => void }

/**
 * "Is decision seq N durable yet?" for one process: follows the committer's pub/sub ticks and,
 * as a fallback for a missed message, polls the committed seq while anyone waits. A full prime
 * announces `reset:<committed>` on the same channel: decisions above that were discarded with the
 * old state, so their waiters fail (the job is retried and its re-driven request decided again)
 * instead of ending when the new state commits the same seq for another decision.
 */
export class CommitWatermark {
  private committed = 0;
  private waiters: Waiter[] = [];
  private poll?: NodeJS.Timeout;
  private readonly channel: string;

  constructor(private readonly redis: Redis, private readonly subscriber: Redis, private readonly keys: RedisKeys) {
    this.channel = keys.channel(Channel.COMMITTED);
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      if (message.startsWith('reset:')) this.reset(Number(message.slice(6)));
      else this.advance(Number(message));
    });
    if (this.subscriber.status === 'wait') await this.subscriber.connect();
    await this.subscriber.subscribe(this.channel);
    this.advance(Number((await this.redis.get(this.keys.committedSeq)) ?? 0));
    this.poll = setInterval(() => {
      if (!this.waiters.length) return;
      this.redis.get(this.keys.committedSeq).then((v) => this.advance(Number(v ?? 0)), () => {});
    }, 200);
    this.poll.unref();
  }

  stop(): void {
    clearInterval(this.poll);
    for (const w of this.waiters) { clearTimeout(w.timer); w.reject(new Error('stopping')); }
    this.waiters = [];
    this.subscriber.unsubscribe(this.channel).catch(() => {});
  }

  get value(): number { return this.committed; }

  private reset(committed: number): void {
    this.advance(committed);
    const lost = this.waiters.filter((w) => w.seq > committed);
    this.waiters = this.waiters.filter((w) => w.seq <= committed);
    for (const w of lost) { clearTimeout(w.timer); w.reject(new Error(`decision ${w.seq} was discarded by a rebuild of the engine state (durable up to ${committed}); the request is decided again`)); }
  }

  private advance(seq: number): void {
    if (!(seq > this.committed)) return;
    this.committed = seq;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (w.seq <= seq) { clearTimeout(w.timer); w.resolve(); } else still.push(w);
    }
    this.waiters = still;
  }

  /** Resolves when seq is durable in MySQL; rejects after timeoutMs (the job is retried). */
  waitFor(seq: number, timeoutMs: number): Promise<void> {
    if (seq <= this.committed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        seq, resolve, reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((x) => x !== w);
          reject(new Error(`decision ${seq} not durable after ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }
}
