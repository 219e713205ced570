import { Channel } from '@app/contracts';
import type { RedisKeys } from '@app/redis';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommitRunner, type CommitBatch } from './commit-runner.js';
import { RedisBehindError, StaleEpochError, type CommitRepository } from './commit.repository.js';
import { parseDecisionEntry } from './decision-entry.js';
import { loadLua } from './engine-scripts.js';

export type { CommitBatch };

export interface CommitterOptions {
  batchRows: number;
  batchMs: number;
  lockMs?: number;
  /** Longest idle wait on the stream before looking again (default IDLE_BLOCK_MS; keep it under the 1 s lock renewal). */
  idleBlockMs?: number;
  onBatch?: (b: CommitBatch) => void;
  onError?: (err: unknown) => void;
}

interface AdvanceCommand { advanceCommit(...args: (string | number)[]): Promise<unknown> }
interface NextBatch { epoch: string | null; raw: [string, string[]][]; committed: number }

/** Longest idle wait on the stream: well inside the lock's renewal period (1 s) and a prompt stop. */
const IDLE_BLOCK_MS = 400;

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
  ) {
    super();
    if (!('advanceCommit' in redis)) redis.defineCommand('advanceCommit', { numberOfKeys: 4, lua: loadLua('advanceCommit-4') });
  }

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

  /** Acknowledges `ackSeq` (0: nothing), committed under `ackEpoch`, and reads the next batch (`count` 0: nothing), in one round trip. */
  private async advance(ackSeq: number, count: number, ackEpoch = ''): Promise<NextBatch> {
    const [epoch, raw, committed] = (await (this.redis as Redis & AdvanceCommand).advanceCommit(
      this.keys.committedSeq, this.keys.decisionStream, this.keys.channel(Channel.COMMITTED), this.keys.epoch, ackSeq, count, ackEpoch,
    )) as [string | null, [string, string[]][], number];
    return { epoch: epoch || null, raw, committed: Number(committed ?? 0) };
  }

  /**
   * Nothing to commit: sleep on the stream itself until the next decision is appended (or
   * IDLE_BLOCK_MS passes), on this committer's own connection. It polled every COMMIT_BATCH_MS
   * before: 200 round trips a second that kept an idle worker a quarter of a core busy here
   * (bench:steady --idle-seconds), a fixed cost every low arrival rate paid.
   */
  private async waitForDecisions(committed: number): Promise<void> {
    // Entries are "<seq>-1": everything after the committed seq (as the empty read saw it), so one
    // appended since that read answers at once.
    await this.redis.xread('COUNT', 1, 'BLOCK', this.opts.idleBlockMs ?? IDLE_BLOCK_MS, 'STREAMS', this.keys.decisionStream, `${committed}-1`);
  }

  private async run(): Promise<void> {
    let lastRenew = 0;
    let next: NextBatch | null = null; // read by the previous batch's acknowledgement
    while (this.running) {
      try {
        if (!this.leader || Date.now() - lastRenew > 1000) {
          if (!(await this.acquire())) { next = null; await sleep(500); continue; }
          lastRenew = Date.now();
        }
        const { epoch, raw, committed } = next ?? (await this.advance(0, this.opts.batchRows));
        next = null;
        // No epoch: Redis lost its state (or a rebuild is under way); its entries cannot be trusted.
        if (!epoch) { await sleep(200); continue; }
        if (!raw.length) { await this.waitForDecisions(committed); continue; }
        // Flush at batchRows or once the oldest decision has waited batchMs. Under load the oldest
        // has already waited through the previous commit, so the next batch goes at once; only a
        // thin flow waits (reading just what arrived since).
        const oldestAge = Date.now() - parseDecisionEntry(raw[0]![0], raw[0]![1]).decidedAt;
        if (raw.length < this.opts.batchRows && oldestAge < this.opts.batchMs) {
          await sleep(Math.min(this.opts.batchMs, this.opts.batchMs - oldestAge)); // a skewed clock never waits longer
          raw.push(...(await this.redis.xrange(this.keys.decisionStream, `(${raw[raw.length - 1]![0]}`, '+', 'COUNT', this.opts.batchRows - raw.length)));
        }
        const entries = raw.map(([id, fields]) => parseDecisionEntry(id, fields));
        const t0 = performance.now();
        const res = await this.repo.commit(entries, epoch);
        if (res.orphaned.length) {
          const eg = res.orphaned.slice(0, 3).map((e) => `request ${e.requestId} (student ${e.studentId}, section ${e.sectionId}, ${e.outcome})`).join('; ');
          const seats = res.orphaned.filter((e) => e.outcome === 'ENROLLED' || e.outcome === 'WAITLISTED').length;
          this.log.error(`${res.orphaned.length} decision(s) refer to a student or section MySQL no longer has (deleted after the request was accepted): logged, their enrollment or waitlist rows not written, e.g. ${eg}.${seats ? ` Redis still counts ${seats} of them as seats or places until \`npm run reconcile\`.` : ''}`);
        }
        if (res.capacityRaised.length) {
          this.log.error(`section(s) ${res.capacityRaised.join(', ')}: Redis granted more seats than MySQL's capacity (a capacity change Redis lost or could not undo); MySQL's capacity was raised to the seats held so that the commits go on. Check those sections' capacity.`);
        }
        const last = entries[entries.length - 1]!.seq;
        // Tell the workers and read the next batch in the same round trip. If this fails, the batch
        // is read again and the commit finds it durable already (the cursor row), then acknowledges.
        next = await this.advance(Math.max(last, res.committedSeq), this.running ? this.opts.batchRows : 0, epoch);
        const batch: CommitBatch = {
          rows: entries.length, written: res.written, statements: res.statements, inserts: res.inserts, insertedRows: res.insertedRows,
          ms: performance.now() - t0, entries,
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
