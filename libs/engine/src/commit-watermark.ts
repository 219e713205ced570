import { Channel } from '@app/contracts';
import type { RedisKeys } from '@app/redis';
import type { Redis } from 'ioredis';

interface Waiter { seq: number; resolve: () => void; timer: NodeJS.Timeout; reject: (e: Error) => void }

/**
 * "Is decision seq N durable yet?" for one process: follows the committer's pub/sub ticks and,
 * as a fallback for a missed message, polls the committed seq while anyone waits. A full prime
 * announces `reset:<committed>:<epoch>` on the same channel: decisions above that were discarded
 * with the old state, so their waiters fail (the job is retried and its re-driven request decided
 * again) instead of ending when the new state commits the same seq for another decision. Every tick
 * and poll also names its epoch, so a process that missed the reset (its subscriber reconnecting
 * while Redis came back) still sees the state change at the next one and fails those waiters then.
 */
export class CommitWatermark {
  private committed = 0;
  /** The engine state the committed seq belongs to (null: not known yet, or Redis has none). */
  private epoch: string | null = null;
  private waiters: Waiter[] = [];
  private poll?: NodeJS.Timeout;
  private readonly channel: string;

  constructor(private readonly redis: Redis, private readonly subscriber: Redis, private readonly keys: RedisKeys) {
    this.channel = keys.channel(Channel.COMMITTED);
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      if (message.startsWith('reset:')) {
        const [committed, epoch] = message.slice(6).split(':');
        this.reset(Number(committed), epoch ?? null);
      } else {
        const [seq, epoch] = message.split(' ');
        this.heard(Number(seq), epoch || null);
      }
    });
    if (this.subscriber.status === 'wait') await this.subscriber.connect();
    await this.subscriber.subscribe(this.channel);
    await this.read();
    this.poll = setInterval(() => {
      if (this.waiters.length) this.read().catch(() => {});
    }, 200);
    this.poll.unref();
  }

  /** The committed seq and its epoch, read together. */
  private async read(): Promise<void> {
    const [committed, epoch] = await this.redis.mget(this.keys.committedSeq, this.keys.epoch);
    // No epoch: Redis lost its state or a rebuild is under way; what it says is not yet the new state's.
    if (epoch) this.heard(Number(committed ?? 0), epoch);
  }

  stop(): void {
    clearInterval(this.poll);
    for (const w of this.waiters) { clearTimeout(w.timer); w.reject(new Error('stopping')); }
    this.waiters = [];
    this.subscriber.unsubscribe(this.channel).catch(() => {});
  }

  get value(): number { return this.committed; }

  /**
   * A committed seq under `epoch` (null: a publisher that does not say). Another epoch than the one
   * known, with news (a seq above what this process knew durable), means a prime replaced the state
   * unannounced here: as its reset would have, it fails the waiters above what this process knew to
   * be durable (some may have been durable after all: their jobs are retried and find their
   * decision), then follows the new state. Another epoch with no news is an old state's late
   * acknowledgement (committed before the prime's fence, published after its reset): nothing to do.
   */
  private heard(seq: number, epoch: string | null): void {
    if (epoch && this.epoch && epoch !== this.epoch) {
      if (!(seq > this.committed)) return;
      this.reset(this.committed, epoch);
    } else if (epoch) {
      this.epoch = epoch;
    }
    this.advance(seq);
  }

  private reset(committed: number, epoch: string | null): void {
    this.epoch = epoch;
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
