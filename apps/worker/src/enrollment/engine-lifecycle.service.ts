import { JobName, QueueName, type DecideJobData } from '@app/contracts';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { CommitRepository, CommitRunner, CommitWatermark, EngineStateRepository, DecisionService, EngineStateWriter } from '@app/engine';
import { REDIS, RedisKeys } from '@app/redis';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { EnrollmentProcessor } from './enrollment.processor.js';

/** A line whose decided-up-to counter has not moved for this long has lost its jobs. */
const STUCK_AFTER_MS = 3000;
/** How often failed jobs are looked for and retried. */
const REDRIVE_EVERY_MS = 30_000;

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
  private lastRedrive = 0;

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
    private readonly state: EngineStateRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // After a Redis reconnect, check at once (not at the next tick) that Redis did not come back
    // older than MySQL.
    let connected = false;
    this.redis.on('ready', () => {
      if (connected) void this.checkNotBehind().catch(() => {});
      connected = true;
    });
    if (this.redis.status === 'ready') connected = true;
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
    const active = this.processor.active;
    await this.processor.worker.close();
    const jobsMs = Date.now() - t0;
    await this.committer.stop();
    await this.commits.close();
    this.watermark.stop();
    this.log.log(`drained: ${active} active jobs finished in ${jobsMs} ms, committer flushed in ${Date.now() - t0 - jobsMs} ms`);
  }

  /** One worker primes (under a lock); the others wait for its epoch. */
  async ensurePrimed(): Promise<void> {
    if (await this.redis.exists(this.keys.epoch)) return;
    const lock = `${this.keys.prefix}:prime:lock`;
    if ((await this.redis.set(lock, '1', 'PX', 120_000, 'NX')) === 'OK') {
      try {
        const t = Date.now();
        const r = await this.writer.rebuild({ compare: false });
        this.log.log(`primed Redis from MySQL: ${r.sections} sections, ${r.students} students, ${r.redriven.length} pending requests re-driven in ${Date.now() - t} ms`);
        // Their jobs may be gone with the data: enqueue again (a job id still present is a no-op;
        // the stuck-line sweep is the last resort).
        for (let i = 0; i < r.redriven.length; i += 1000) {
          await this.queue.addBulk(r.redriven.slice(i, i + 1000).map((q) => ({ name: JobName.DECIDE, data: { r: q.requestId, p: q.position } satisfies DecideJobData, opts: { jobId: q.requestId } })));
        }
      } finally {
        await this.redis.del(lock);
      }
      return;
    }
    for (let i = 0; i < 600 && !(await this.redis.exists(this.keys.epoch)); i++) await sleep(200);
  }

  /**
   * Redis restored from an older copy (a stale AOF, a lagging replica) has a decision sequence
   * below what MySQL already committed: its state is older than the truth. Drop the epoch so no
   * seat is granted from it; the tick re-primes and re-drives what was pending.
   */
  async checkNotBehind(): Promise<void> {
    // MySQL first: a healthy Redis's seq only grows and is never below what MySQL committed, so
    // read after the cursor it can only be ahead of it. Read before, a commit landing in between
    // looked like "behind" under load and paused a healthy engine for a rebuild.
    const committed = await this.state.committedSeq();
    const [dseq, epoch] = await this.redis.mget(this.keys.decisionSeq, this.keys.epoch);
    if (!epoch) return;
    if (Number(dseq ?? 0) < committed) {
      this.log.error(`Redis is behind MySQL (decision seq ${Number(dseq ?? 0)} < committed ${committed}): pausing decisions for a rebuild`);
      await this.redis.del(this.keys.epoch);
    }
  }

  /**
   * Jobs that used up their attempts (a long outage) are retried, not left failed: their requests
   * are still in line. A malformed job (UnrecoverableError) is left for a human.
   */
  async redriveFailed(): Promise<number> {
    let n = 0;
    for (const job of await this.queue.getFailed(0, 499)) {
      if (/malformed|no handler/.test(job.failedReason ?? '')) continue;
      await job.retry('failed').then(() => n++, () => {});
    }
    if (n) this.log.warn(`re-drove ${n} failed enrollment jobs`);
    return n;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.checkNotBehind();
      if (!(await this.redis.exists(this.keys.epoch))) {
        this.log.warn('engine state missing in Redis (epoch gone): rebuilding from MySQL');
        await this.ensurePrimed();
      }
      // A staff change that died while holding a section: the line waits there until this repairs it.
      await this.writer.repairLapsedHolds();
      // RANDOM_AT_OPEN draws are held by the first job that needs one; this holds the rest.
      const drawn = await this.decisions.holdDueDraws();
      if (drawn) this.log.log(`held due draws: ${drawn} requests placed in line`);
      if (Date.now() - this.lastRedrive > REDRIVE_EVERY_MS) {
        this.lastRedrive = Date.now();
        await this.redriveFailed();
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
