import type { RedisKeys } from '@app/redis';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommitRunner, type CommitBatch } from './commit-runner.js';
import { RedisBehindError, StaleEpochError, type CommitRepository } from './commit.repository.js';
import { parseDecisionEntry } from './decision-entry.js';

export type { CommitBatch };

export interface CommitterOptions {
  batchRows: number;
  batchMs: number;
  lockMs?: number;
  onBatch?: (b: CommitBatch) => void;
  onError?: (err: unknown) => void;
}

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * Moves decisions from the Redis decision stream to MySQL, in seq order, in batches of up to
 * `batchRows` (waiting at most `batchMs` to fill a small one). One committer per deployment
 * holds a Redis lock; the others stand by and take over when its lock lapses. After each batch
 * it raises the committed seq in Redis, tells every worker (pub/sub), and trims the stream.
 */
export class Committer extends CommitRunner {
  private readonly log = new Logger('Committer');
  private readonly token = randomUUID();
  private running = false;
  private loop?: Promise<void>;
  private leader = false;
  private readonly batchListeners: ((b: CommitBatch) => void)[] = [];
  private readonly errorListeners: ((err: unknown) => void)[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly repo: CommitRepository,
    private readonly opts: CommitterOptions,
  ) { super(); }

  get isLeader(): boolean { return this.leader; }

  /** Called after each durable batch (e.g. the worker's metrics). */
  onBatch(fn: (b: CommitBatch) => void): void { this.batchListeners.push(fn); }

  /** Called when a batch fails (it is retried). */
  onError(fn: (err: unknown) => void): void { this.errorListeners.push(fn); }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Finishes the batch in hand, releases the lock. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    if (this.leader) await this.redis.eval(RELEASE, 1, this.keys.committerLock, this.token).catch(() => {});
    this.leader = false;
  }

  private async acquire(): Promise<boolean> {
    const lockMs = this.opts.lockMs ?? 5000;
    if (this.leader) {
      this.leader = Number(await this.redis.eval(RENEW, 1, this.keys.committerLock, this.token, lockMs)) === 1;
    } else {
      this.leader = (await this.redis.set(this.keys.committerLock, this.token, 'PX', lockMs, 'NX')) === 'OK';
      if (this.leader) this.log.log('took the committer lock');
    }
    return this.leader;
  }

  private async run(): Promise<void> {
    let lastRenew = 0;
    while (this.running) {
      try {
        if (!this.leader || Date.now() - lastRenew > 1000) {
          if (!(await this.acquire())) { await sleep(500); continue; }
          lastRenew = Date.now();
        }
        const [committedRaw, epoch] = await this.redis.mget(this.keys.committedSeq, this.keys.epoch);
        // No epoch: Redis lost its state (or a rebuild is under way); its entries cannot be trusted.
        if (!epoch) { await sleep(200); continue; }
        const committed = Number(committedRaw ?? 0);
        const raw = await this.redis.xrange(this.keys.decisionStream, `(${committed}-1`, '+', 'COUNT', this.opts.batchRows);
        if (!raw.length) { await sleep(Math.max(2, this.opts.batchMs)); continue; }
        if (raw.length < this.opts.batchRows && this.opts.batchMs > 0) {
          // Give a small batch a moment to fill; read only what arrived since.
          await sleep(this.opts.batchMs);
          raw.push(...(await this.redis.xrange(this.keys.decisionStream, `(${raw[raw.length - 1]![0]}`, '+', 'COUNT', this.opts.batchRows - raw.length)));
        }
        const entries = raw.map(([id, fields]) => parseDecisionEntry(id, fields));
        const t0 = performance.now();
        const res = await this.repo.commit(entries, epoch);
        const durableAt = Date.now();
        const last = entries[entries.length - 1]!.seq;
        // A higher committed seq from a rebuild must not be lowered: only raise it.
        await this.redis.eval(
          `local c = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1]) end
           redis.call('XTRIM', KEYS[2], 'MINID', ARGV[1] .. '-2') redis.call('PUBLISH', KEYS[3], ARGV[1]) return 1`,
          3, this.keys.committedSeq, this.keys.decisionStream, this.keys.channel('ch:committed'), Math.max(last, res.committedSeq),
        );
        const batch: CommitBatch = {
          rows: entries.length, written: res.written, statements: res.statements, inserts: res.inserts, insertedRows: res.insertedRows,
          ms: performance.now() - t0, decisionToDurableMs: entries.map((e) => durableAt - e.decidedAt), entries,
        };
        this.opts.onBatch?.(batch);
        for (const fn of this.batchListeners) fn(batch);
      } catch (err) {
        if (err instanceof RedisBehindError) {
          // Stop every decision now (the gate refuses without an epoch); the worker re-primes from
          // MySQL and re-drives the requests these decisions belonged to.
          this.log.error(`${err.message}: pausing decisions for a rebuild from MySQL`);
          await this.redis.del(this.keys.epoch).catch(() => {});
        } else if (err instanceof StaleEpochError) {
          this.log.warn(`${err.message}: waiting for the rebuild to clear them`);
          await sleep(200);
          continue;
        }
        this.opts.onError?.(err);
        for (const fn of this.errorListeners) fn(err);
        this.log.warn(`commit failed, retrying: ${err instanceof Error ? err.message : String(err)}`);
        await sleep(500);
      }
    }
  }
}
