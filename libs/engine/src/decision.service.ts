import type { RedisKeys } from '@app/redis';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommitWatermark } from './commit-watermark.js';
import { DecideCoalescer, type DecideStep } from './decide-coalescer.js';
import { HOLD_MS, type DrawnPlace, type EngineScripts } from './engine-scripts.js';

/** A retryable condition: BullMQ retries the job with backoff. */
export class EngineNotReadyError extends Error {
  constructor(message = 'engine state is being rebuilt; decisions are paused') { super(message); this.name = 'EngineNotReadyError'; }
}

/** Places handed out per draw script call (~3 commands each): keeps each call short (npm run bench:draw). */
const DRAW_PLACES_PER_CALL = 2000;
/**
 * A line held by a staff change (includes/sectionHold.lua) is asked again this often: the hold lasts
 * as long as the change's MySQL commit, a few ms; one whose API died lapses after HOLD_MS and the
 * worker's tick repairs it. Past HELD_WAIT_MS the job is retried by BullMQ instead.
 */
const HELD_RETRY_MS = 5;
const HELD_WAIT_MS = HOLD_MS + 3000;

export interface DecisionOutcome { status: string; seq: number }

/**
 * The worker's step for one request: decide everything in line up to its place (so nothing is
 * overtaken, whichever worker gets here first), then hold until its decision is durable. The
 * jobs of one process that reach this step together share one call (DecideCoalescer).
 */
export class DecisionService {
  private readonly log = new Logger('Engine');
  private readonly steps: DecideCoalescer;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly scripts: EngineScripts,
    private readonly watermark: CommitWatermark,
    private readonly opts: { decideBatch: number; durableTimeoutMs: number },
    /** Makes a draw's places durable (the intake journal); retried, then logged, never thrown. */
    private readonly journalPlaces: ((places: DrawnPlace[]) => Promise<void>) | null = null,
  ) {
    this.steps = new DecideCoalescer((upTo, ids) => this.decideCall(upTo, ids));
  }

  async decide(requestId: string, position: number): Promise<DecisionOutcome> {
    // No place in the job: the request was accepted into a RANDOM_AT_OPEN draw.
    if (position <= 0) position = await this.placeAfterDraw(requestId);
    let step: DecideStep;
    let heldUntil = 0;
    for (;;) {
      step = await this.steps.step(requestId, position);
      if (step.status !== 'QUEUED') break;
      // 'more': the call stopped at its limit; again while this request is still in line.
      if (step.kind === 'more') continue;
      // 'held': the line waits at a section a staff change holds; again shortly.
      if (step.kind !== 'held') break;
      heldUntil ||= Date.now() + HELD_WAIT_MS;
      if (Date.now() > heldUntil) break;
      await sleep(HELD_RETRY_MS);
    }
    const { status, seq } = step;
    if (!status) throw new Error(`request ${requestId} is unknown to the engine (expired or lost)`);
    if (status === 'QUEUED') {
      throw new EngineNotReadyError(step.kind === 'held' ? `request ${requestId} waited ${HELD_WAIT_MS} ms behind a section a staff change holds` : `request ${requestId} is still queued after its turn`);
    }
    await this.watermark.waitFor(seq, this.opts.durableTimeoutMs);
    return { status, seq };
  }

  private async decideCall(upTo: number, requestIds: string[]) {
    // What this process knew to be durable *before* the call: any seq the call hands out must be
    // above it. (Compared with the watermark after the reply, a commit announced on the other
    // connection can overtake the reply itself, and looks like the same thing.)
    const durableBefore = this.watermark.value;
    const r = await this.scripts.decideUpTo(upTo, this.opts.decideBatch, Date.now(), requestIds);
    if (r.kind === 'not-ready') throw new EngineNotReadyError();
    if (r.decided > 0 && r.firstSeq <= durableBefore) await this.pauseForReusedSeqs(r.firstSeq, durableBefore);
    return r;
  }

  /**
   * A healthy Redis never hands out a decision seq at or below one MySQL had already committed:
   * when it does, it came back older than MySQL (a stale AOF, a lagging replica), and these
   * decisions would look durable at once. Pause every decision (no epoch) for the rebuild; this
   * job is retried and its request, re-driven by the rebuild, decided again.
   */
  private async pauseForReusedSeqs(firstSeq: number, durable: number): Promise<never> {
    const message = `Redis is behind MySQL: it handed out decision seq ${firstSeq}, already committed (${durable}); paused for a rebuild`;
    this.log.error(message);
    await this.redis.del(this.keys.epoch);
    throw new EngineNotReadyError(message);
  }

  /**
   * The place of a request accepted into a draw: holds the draw when it is due (whichever job or
   * worker tick gets there first; the script is atomic), chunk by chunk until this request has its
   * place. A job that comes early (a clock behind the API's) is retried with backoff. 0: no draw and
   * no place (decided, or unknown): the decide step tells which.
   */
  private async placeAfterDraw(requestId: string): Promise<number> {
    for (;;) {
      const r = await this.scripts.holdDraw('', requestId, Date.now(), DRAW_PLACES_PER_CALL);
      if (r.kind === 'not-ready') throw new EngineNotReadyError();
      if (r.kind === 'not-due') throw new EngineNotReadyError(`request ${requestId} waits for its draw at ${new Date(r.drawAt).toISOString()}`);
      await this.recordPlaces(r.places);
      if (r.position !== null) return r.position;
      if (r.kind === 'held') return 0;
    }
  }

  private async recordPlaces(places: DrawnPlace[]): Promise<void> {
    if (!places.length || !this.journalPlaces) return;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.journalPlaces(places);
      } catch (err) {
        // Only a Redis loss before these are decided needs them (the rebuild then places them in
        // request-id order above the rest): a MySQL hiccup must not hold the draw up for long.
        if (attempt >= 3) {
          this.log.warn(`could not journal ${places.length} drawn places: ${err instanceof Error ? err.message : String(err)}`);
          return;
        }
        await sleep(200 * attempt);
      }
    }
  }

  /** Holds every draw that is due (the worker's tick: a draw is held even if its jobs were lost). */
  async holdDueDraws(now = Date.now()): Promise<number> {
    let placed = 0;
    for (const id of await this.redis.zrangebyscore(this.keys.draws, '-inf', now, 'LIMIT', 0, 20)) {
      for (;;) {
        const r = await this.scripts.holdDraw(id, '', now, DRAW_PLACES_PER_CALL);
        if (r.kind !== 'held' && r.kind !== 'more') break;
        await this.recordPlaces(r.places);
        placed += r.places.length;
        if (r.kind === 'held') break;
      }
    }
    return placed;
  }

  /** Decides whatever is left in line (a request whose job was lost still gets its turn). */
  async sweep(): Promise<number> {
    const seq = Number((await this.redis.get(this.keys.lineSeq)) ?? 0);
    let total = 0;
    for (;;) {
      const r = await this.scripts.decideUpTo(seq, this.opts.decideBatch * 4, Date.now());
      if (r.kind === 'not-ready') return total;
      total += r.decided;
      if (r.kind === 'done' || r.kind === 'held') return total;
    }
  }
}
