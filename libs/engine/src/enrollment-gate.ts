import type { EnrollmentRequestView, RejectReason, RequestStatus } from '@app/contracts';
import type { RedisKeys } from '@app/redis';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CommitWatermark } from './commit-watermark.js';
import type { AcceptRateLimit, EngineScripts } from './engine-scripts.js';
import type { IntakeJournal } from './intake-journal.js';
import type { OpenWindow, OpenWindows } from './open-windows.js';

export type GateError =
  | { error: 'REGISTRATION_CLOSED' }
  | { error: 'LINE_FULL' }
  | { error: 'NOT_READY' }
  /** A staff change holds the section for a few ms (its MySQL commit): a drop or staff enrolment waits. */
  | { error: 'SECTION_BUSY' }
  | { error: 'NOT_ENROLLED' }
  /** Withdrawing a request that has been granted its seat meanwhile (a drop gives it up, not a withdraw). */
  | { error: 'ALREADY_ENROLLED' }
  | { error: 'UNKNOWN_STUDENT' }
  | { error: 'RATE_LIMITED'; retryMs: number }
  /** The Idempotency-Key was used for a request for another section (requestId, sectionId: that one). */
  | { error: 'IDEMPOTENCY_KEY_REUSED'; requestId: string; sectionId: number };

/**
 * The rate of a growing counter over the last ~10 s (decided-up-to for ETAs, committed seq for
 * the dashboard). Samples at most every 250 ms, so calling it on every request stays cheap.
 */
export class DecisionRate {
  private samples: { t: number; upTo: number }[] = [];
  record(upTo: number, t = Date.now()): void {
    // The newest sample moves forward until it is 250 ms past the one before it, then stays.
    const n = this.samples.length;
    if (n >= 2 && t - this.samples[n - 2]!.t < 250) this.samples[n - 1] = { t, upTo };
    else this.samples.push({ t, upTo });
    while (this.samples.length > 2 && t - this.samples[0]!.t > 10_000) this.samples.shift();
  }
  perSecond(): number {
    if (this.samples.length < 2) return 0;
    const a = this.samples[0]!;
    const b = this.samples[this.samples.length - 1]!;
    return b.t > a.t ? ((b.upTo - a.upTo) * 1000) / (b.t - a.t) : 0;
  }
  eta(ahead: number): number {
    const rate = this.perSecond();
    return ahead <= 0 ? 0 : rate > 0 ? Math.ceil(ahead / rate) : Math.ceil(ahead / 1000);
  }
  /**
   * As eta(), but undefined while the line has not moved for 3 s or more with requests ahead (workers
   * stopped, the queue paused): "any moment now" from an assumed 1,000/s was no estimate at all.
   */
  etaIfMoving(ahead: number, now = Date.now()): number | undefined {
    const first = this.samples[0];
    const stalled = ahead > 0 && this.perSecond() <= 0 && first !== undefined && now - first.t >= 3000;
    return stalled ? undefined : this.eta(ahead);
  }
}

/** RANDOM_AT_OPEN's draw period when none is configured (RANDOM_AT_OPEN_SECONDS). */
export const DEFAULT_DRAW_PERIOD_MS = 10_000;

/**
 * A RANDOM_AT_OPEN window's draw: requests in the first `periodMs` after its start join it, and it
 * is held at the end of that period. Named by the window and its start, so a window moved to a new
 * start holds a new draw. Passed on every accept in such a window (after the period too: a request
 * that comes before the draw is held still joins it, behind the period's requests).
 */
/** Whole seconds from `now` to `at` (never negative): a draw's ETA. */
export const secondsUntil = (at: number, now = Date.now()) => Math.max(0, Math.ceil((at - now) / 1000));

export function drawFor(w: OpenWindow, periodMs: number): { id: string; at: number } | null {
  if (w.queueMode !== 'RANDOM_AT_OPEN') return null;
  return { id: drawId(w.id, w.startsAt), at: w.startsAt.getTime() + periodMs };
}

/** A window's opening draw: one per (window, start), so a window moved to a new start draws anew. */
export const drawId = (windowId: number, startsAt: Date) => `${windowId}:${startsAt.getTime()}`;

/** What a window's audience is judged by. */
type StudentProfile = { grade: number; majorId: number };

const PROFILE_TTL_MS = 10_000;
/** Bounds the profile cache (cleared whole when full: simpler than an LRU, and refilled in one pass). */
const PROFILE_CACHE_MAX = 100_000;

/**
 * The API's side of the engine: accept a request into the line (no MySQL on this path),
 * drop at once, read a request's state. Rules are decided by the Lua gate, not here.
 */
export class EnrollmentGate {
  readonly rate = new DecisionRate();
  private readonly profiles = new Map<number, { grade: number; majorId: number; at: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly scripts: EngineScripts,
    private readonly windows: OpenWindows,
    private readonly ds: DataSource,
    private readonly watermark: CommitWatermark | null,
    private readonly opts: { maxWaiting: number; idempotencyTtlSeconds: number; dropDurableTimeoutMs: number; drawPeriodMs?: number },
    private readonly journal: IntakeJournal | null = null,
  ) {}

  /**
   * Grade and major for the window check, reused for PROFILE_TTL_MS (a round trip per enroll call
   * otherwise; `fresh`: not). The decide step never asks about windows again, so a stale copy (a
   * staff edit of the grade or major, in this process or another) must not let a request in: the
   * accept script compares it with the student's hash and refuses on a mismatch, and accept() asks
   * again with a fresh one. `cached`: the answer came from that copy (no round trip).
   */
  private async studentProfile(studentId: number, fresh = false): Promise<{ profile: StudentProfile | null; cached: boolean }> {
    const now = Date.now();
    const hit = this.profiles.get(studentId);
    if (hit && !fresh && now - hit.at < PROFILE_TTL_MS) return { profile: hit, cached: true };
    const [gr, maj] = await this.redis.hmget(this.keys.student(studentId), 'gr', 'maj');
    if (gr != null && maj != null) {
      if (this.profiles.size >= PROFILE_CACHE_MAX) this.profiles.clear();
      const p = { grade: Number(gr), majorId: Number(maj), at: now };
      this.profiles.set(studentId, p);
      return { profile: p, cached: false };
    }
    const rows: { grade: number; major_id: number }[] = await this.ds.query('SELECT grade, major_id FROM student WHERE id = ?', [studentId]);
    return { profile: rows[0] ? { grade: Number(rows[0].grade), majorId: Number(rows[0].major_id) } : null, cached: false };
  }

  async decidedUpTo(): Promise<number> {
    const v = Number((await this.redis.get(this.keys.decidedUpTo)) ?? 0);
    this.rate.record(v);
    return v;
  }

  /**
   * Accepts one ENROLL request; the caller enqueues the job when `kind` is 'accepted'.
   * `rateLimit`: a counter the accept script hits and checks first — one round trip instead of two.
   */
  async accept(studentId: number, sectionId: number, idempotencyKey: string | null, waitlist: boolean, rateLimit?: AcceptRateLimit, now = Date.now()) {
    const first = await this.acceptOnce(studentId, sectionId, idempotencyKey, waitlist, rateLimit, now, false);
    // The cached grade or major was out of date: judged again with the student's hash as it is now.
    if (!('stale' in first)) return first;
    const again = await this.acceptOnce(studentId, sectionId, idempotencyKey, waitlist, rateLimit, now, true);
    // Changed again within the call: staff are editing this student right now.
    return 'stale' in again ? ({ error: 'NOT_READY' } as GateError) : again;
  }

  private async acceptOnce(studentId: number, sectionId: number, idempotencyKey: string | null, waitlist: boolean, rateLimit: AcceptRateLimit | undefined, now: number, freshProfile: boolean) {
    const { profile, cached, window } = await this.windowFor(studentId, now, freshProfile);
    // Refused by a cached profile: the student may have just been given a grade or major a window is open for.
    // (Judged from a fresh read already, the refusal stands: no second read for every early click.)
    if ('error' in window && window.error === 'REGISTRATION_CLOSED' && cached) return { stale: true as const };
    if ('error' in window) {
      if (window.error !== 'REGISTRATION_CLOSED') return window;
      // A retry whose first answer was lost, just after the window closed: the same request, as
      // the key promises, not a 403 for a request that is in line.
      const earlier = idempotencyKey ? await this.redis.get(this.keys.idempotency(studentId, idempotencyKey)) : null;
      const view = earlier ? await this.status(studentId, earlier) : null;
      if (view && view.sectionId === sectionId) return { kind: 'existing' as const, view };
      return window;
    }
    const res = await this.scripts.accept({
      studentId, sectionId, requestId: randomUUID(), idempotencyKey, now, waitlist,
      maxWaiting: this.opts.maxWaiting, idempotencyTtlSeconds: this.opts.idempotencyTtlSeconds,
      rateLimit, draw: drawFor(window, this.opts.drawPeriodMs ?? DEFAULT_DRAW_PERIOD_MS), profile: profile!,
    });
    if (res.kind === 'stale-profile') {
      this.profiles.delete(studentId);
      return { stale: true as const };
    }
    if (res.kind === 'rate-limited') return { error: 'RATE_LIMITED', retryMs: res.retryMs } as GateError;
    if (res.kind === 'line-full') return { error: 'LINE_FULL' } as GateError;
    if (res.kind === 'not-ready') return { error: 'NOT_READY' } as GateError;
    if (res.kind === 'key-reused') return { error: 'IDEMPOTENCY_KEY_REUSED', requestId: res.requestId, sectionId: res.sectionId } as GateError;
    // A request in a draw is journaled at position 0: a rebuild places it the way the draw would.
    if (res.kind === 'accepted') this.journal?.add({ requestId: res.requestId, studentId, sectionId, position: res.position, waitlist, acceptedAt: now });
    // The shared counter came back with the accept (one round trip fewer on the hot path).
    const upTo = res.decidedUpTo;
    this.rate.record(upTo);
    if (res.drawAt !== null && res.status === 'QUEUED') {
      // No place before the draw: say when it is held, and the wait until then.
      const view: EnrollmentRequestView = { requestId: res.requestId, sectionId, status: res.status, drawAt: new Date(res.drawAt).toISOString(), etaSeconds: secondsUntil(res.drawAt, now) };
      return { kind: res.kind, view };
    }
    if (res.status !== 'QUEUED') {
      // An earlier request, decided already (a retry with its key): its outcome and reason, as GET
      // /requests/:id tells them, and the place it had (the same answer for the same key); no ETA.
      const view: EnrollmentRequestView = { requestId: res.requestId, sectionId, status: res.status, ...(res.position > 0 ? { position: res.position } : {}) };
      if (res.reason) view.reason = res.reason;
      if (res.conflictSectionId) view.conflictSectionId = res.conflictSectionId;
      return { kind: res.kind, view };
    }
    const ahead = Math.max(0, res.position - upTo - 1);
    const view: EnrollmentRequestView = { requestId: res.requestId, sectionId, status: res.status, position: res.position, etaSeconds: this.rate.eta(ahead + 1) };
    return { kind: res.kind, view };
  }

  /** Whether a window applies to this student now (from-cart with an empty cart still says so). */
  async windowOpen(studentId: number, now = Date.now()): Promise<GateError | null> {
    const { window } = await this.windowFor(studentId, now);
    return 'error' in window ? window : null;
  }

  /** The window that applies to this student now, or why none does, and the grade and major it was judged by. */
  private async windowFor(studentId: number, now: number, freshProfile = false): Promise<{ profile: StudentProfile | null; cached: boolean; window: OpenWindow | GateError }> {
    const { profile, cached } = await this.studentProfile(studentId, freshProfile);
    if (!profile) return { profile, cached, window: { error: 'UNKNOWN_STUDENT' } };
    return { profile, cached, window: (await this.windows.openFor(profile, now)) ?? { error: 'REGISTRATION_CLOSED' } };
  }

  /**
   * Drops at once (the seat is free when this returns) and waits briefly for durability. With no
   * seat held there, withdraws the request that still waits for one (`withdrawn`: its id).
   */
  async drop(studentId: number, sectionId: number, staffId: number | null = null): Promise<GateError | { requestId: string; promotedRequestId: string | null; withdrawn: boolean }> {
    if (staffId !== null && !(await this.studentProfile(studentId)).profile) return { error: 'UNKNOWN_STUDENT' } as GateError;
    const requestId = randomUUID();
    return this.dropOrWithdraw(studentId, sectionId, requestId, staffId, '');
  }

  /**
   * Withdraws one waiting request of the student's (in line, in a draw or on the waitlist): never a
   * drop. One granted its seat meanwhile answers ALREADY_ENROLLED and keeps it ("leave the
   * waitlist" used to be a drop of the section, which gave up a seat the student had just been promoted to).
   */
  async withdraw(studentId: number, sectionId: number, requestId: string): Promise<GateError | { requestId: string; promotedRequestId: null; withdrawn: true }> {
    const res = await this.dropOrWithdraw(studentId, sectionId, randomUUID(), null, requestId);
    return 'error' in res ? res : { requestId: res.requestId, promotedRequestId: null, withdrawn: true };
  }

  private async dropOrWithdraw(studentId: number, sectionId: number, requestId: string, staffId: number | null, withdrawOnly: string): Promise<GateError | { requestId: string; promotedRequestId: string | null; withdrawn: boolean }> {
    const res = await this.scripts.drop(studentId, sectionId, requestId, Date.now(), staffId, withdrawOnly);
    if (res.kind === 'not-ready') return { error: 'NOT_READY' } as GateError;
    if (res.kind === 'not-enrolled') return { error: 'NOT_ENROLLED' } as GateError;
    if (res.kind === 'enrolled') return { error: 'ALREADY_ENROLLED' } as GateError;
    if (res.kind === 'held') return { error: 'SECTION_BUSY' } as GateError;
    await this.watermark?.waitFor(res.seq, this.opts.dropDurableTimeoutMs).catch(() => {});
    if (res.kind === 'withdrawn') return { requestId: res.requestId, promotedRequestId: null, withdrawn: true };
    return { requestId, promotedRequestId: res.promotedRequestId, withdrawn: false };
  }

  /** Staff enrolling a student: decided at once by the same rules, outside windows and the line. */
  async enrollNow(studentId: number, sectionId: number, staffId: number) {
    if (!(await this.studentProfile(studentId)).profile) return { error: 'UNKNOWN_STUDENT' } as GateError;
    const requestId = randomUUID();
    const res = await this.scripts.enrollNow(studentId, sectionId, requestId, Date.now(), staffId);
    if (res.kind === 'not-ready') return { error: 'NOT_READY' } as GateError;
    if (res.kind === 'held') return { error: 'SECTION_BUSY' } as GateError;
    await this.watermark?.waitFor(res.seq, this.opts.dropDurableTimeoutMs).catch(() => {});
    return { requestId, status: res.status, reason: res.reason };
  }

  /** A request's state for its owner (null when it is not theirs or unknown). */
  async status(studentId: number, requestId: string): Promise<EnrollmentRequestView | null> {
    return (await this.statuses(studentId, [requestId]))[0] ?? null;
  }

  /**
   * Several of the owner's requests at once (GET /api/me/requests): one pipeline of hash reads, one
   * read of the line's progress for all of them, and MySQL only for those Redis no longer has.
   * Requests not theirs or unknown are left out.
   */
  async statuses(studentId: number, requestIds: readonly string[]): Promise<EnrollmentRequestView[]> {
    if (!requestIds.length) return [];
    const pipe = this.redis.pipeline();
    for (const id of requestIds) pipe.hmget(this.keys.request(id), 's', 'x', 'st', 'rsn', 'pos', 'csec', 'da');
    const hashes = ((await pipe.exec()) ?? []).map(([err, v]) => (err ? [] : (v as (string | null)[])));
    const upTo = hashes.some(([, , st, , pos]) => st === 'QUEUED' && pos) ? await this.decidedUpTo() : 0;
    const views: (EnrollmentRequestView | null)[] = hashes.map(([s, x, st, rsn, pos, csec, da], i) => {
      if (s == null || Number(s) !== studentId) return null;
      const view: EnrollmentRequestView = { requestId: requestIds[i]!, sectionId: Number(x), status: st as RequestStatus };
      if (rsn) view.reason = rsn as RejectReason;
      if (csec) view.conflictSectionId = Number(csec);
      if (st === 'QUEUED' && pos) {
        view.position = Number(pos);
        const eta = this.rate.etaIfMoving(Number(pos) - upTo);
        if (eta !== undefined) view.etaSeconds = eta;
      } else if (st === 'QUEUED' && da) {
        view.drawAt = new Date(Number(da)).toISOString();
        view.etaSeconds = secondsUntil(Number(da));
      }
      return view;
    });
    // Decided and gone from Redis (expired, or a rebuild since): the decision log has them.
    const gone = requestIds.filter((_, i) => hashes[i]?.[0] == null);
    if (gone.length) {
      const rows: { request_id: string; student_id: number; section_id: number; outcome: string; reason: string | null }[] = await this.ds.query(
        'SELECT request_id, student_id, section_id, outcome, reason FROM decision_log WHERE request_id IN (?)', [gone],
      );
      const logged = new Map(rows.map((r) => [r.request_id, r]));
      requestIds.forEach((id, i) => {
        const row = hashes[i]?.[0] == null ? logged.get(id) : undefined;
        if (row && Number(row.student_id) === studentId) {
          views[i] = { requestId: id, sectionId: Number(row.section_id), status: row.outcome as RequestStatus, ...(row.reason ? { reason: row.reason as RejectReason } : {}) };
        }
      });
    }
    return views.filter((v): v is EnrollmentRequestView => v !== null);
  }
}
