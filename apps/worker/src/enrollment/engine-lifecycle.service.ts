import { QueueName } from '@app/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { CommitRepository, CommitRunner, CommitWatermark, DecisionService, EngineStateWriter } from '@app/engine';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnrollmentProcessor } from './enrollment.processor.js';

/** A line whose decided-up-to counter has not moved for this long has lost its jobs. */
const STUCK_AFTER_MS = 3000;

/**
 * Starts and stops the worker's engine parts: primes Redis from MySQL when its state is missing
 * (first start, or Redis lost its data: the epoch key is gone), runs the committer, and sweeps
 * the line so a request whose job was lost is still decided.
 */
@Injectable()
export class EngineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('Engine');
  private timer?: NodeJS.Timeout;
  private busy = false;
  private lastUpTo = -1;
  private lastMoveAt = Date.now();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly writer: EngineStateWriter,
    private readonly committer: CommitRunner,
    private readonly watermark: CommitWatermark,
    private readonly decisions: DecisionService,
    @InjectQueue(QueueName.ENROLLMENT) private readonly queue: Queue,
    private readonly commits: CommitRepository,
    private readonly processor: EnrollmentProcessor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.watermark.start();
    this.committer.start();
    await this.ensurePrimed();
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  /**
   * The drain, in the one order that loses nothing: stop taking jobs and let the active ones
   * finish (each waits for its decision to be durable, so the committer and Redis must still
   * run), then flush and stop the committer. It runs before any module's onApplicationShutdown,
   * where Redis connections close and BullMQ would close the worker too late.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    const t0 = Date.now();
    await this.processor.worker.close();
    const jobsMs = Date.now() - t0;
    await this.committer.stop();
    await this.commits.close();
    this.watermark.stop();
    this.log.log(`drained: active jobs finished in ${jobsMs} ms, committer flushed in ${Date.now() - t0 - jobsMs} ms`);
  }

  /** One worker primes (under a lock); the others wait for its epoch. */
  async ensurePrimed(): Promise<void> {
    if (await this.redis.exists(this.keys.epoch)) return;
    const lock = `${this.keys.prefix}:prime:lock`;
    if ((await this.redis.set(lock, '1', 'PX', 120_000, 'NX')) === 'OK') {
      try {
        const t = Date.now();
        const r = await this.writer.rebuild({ compare: false });
        this.log.log(`primed Redis from MySQL: ${r.sections} sections, ${r.students} students in ${Date.now() - t} ms`);
      } finally {
        await this.redis.del(lock);
      }
      return;
    }
    for (let i = 0; i < 600 && !(await this.redis.exists(this.keys.epoch)); i++) await sleep(200);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if (!(await this.redis.exists(this.keys.epoch))) {
        this.log.warn('engine state missing in Redis (epoch gone): rebuilding from MySQL');
        await this.ensurePrimed();
      }
      // Sweep only a line that is stuck: undecided requests and no progress for a while. A
      // line that merely has a backlog is moving; sweeping it would decide far ahead of the
      // committer (decisions outrunning durability) for no gain in order or fairness.
      // A queue paused by an operator is not stuck: its requests wait, on purpose.
      const upTo = Number((await this.redis.get(this.keys.decidedUpTo)) ?? 0);
      if (upTo !== this.lastUpTo || (await this.queue.isPaused())) { this.lastUpTo = upTo; this.lastMoveAt = Date.now(); }
      if (Date.now() - this.lastMoveAt > STUCK_AFTER_MS && (await this.redis.zcard(this.keys.line)) > 0) {
        const n = await this.decisions.sweep();
        if (n) this.log.log(`swept ${n} decisions whose jobs were late or lost`);
      }
    } catch (err) {
      this.log.warn(`engine tick failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy = false;
    }
  }
}
