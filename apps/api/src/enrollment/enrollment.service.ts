import { APP_CONFIG, type AppConfig } from '@app/config';
import { ErrorCode, type EnrollmentRequestView } from '@app/contracts';
import { CartItem } from '@app/database';
import { EnrollmentGate, type GateError } from '@app/engine';
import { Metrics } from '@app/observability';
import { EnrollmentQueueProducer } from '@app/queue';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AppException } from '../common/app.exception.js';
import { rateLimitSubject } from '../rate-limit/rate-limit.guard.js';
import type { RateLimitOptions } from '../rate-limit/rate-limit.options.js';
import { RateLimitRepository } from '../rate-limit/rate-limit.repository.js';
import { tooManyRequests } from '../rate-limit/too-many-requests.js';
import { countedError } from './enroll-metrics.interceptor.js';
import { QueuedRequests } from './queued-requests.js';

/**
 * POST /api/me/enrollments: 20 calls a second per student. Counted by the accept script itself
 * (same key as the guard would use) — the guard's own round trip was an eighth of the call's CPU.
 */
export const ENROLL_RATE_LIMIT = { scope: 'enroll', limit: 20, windowMs: 1000, by: 'user', checkedBy: 'handler' } as const satisfies RateLimitOptions;

const isGateError = (r: object): r is GateError => 'error' in r;

/** How each gate refusal shows in goorm_enroll_requests_total. */
const GATE_OUTCOME = {
  REGISTRATION_CLOSED: 'closed', LINE_FULL: 'overloaded', NOT_READY: 'unavailable', SECTION_BUSY: 'unavailable', NOT_ENROLLED: 'other', UNKNOWN_STUDENT: 'other', RATE_LIMITED: 'rate_limited', IDEMPOTENCY_KEY_REUSED: 'other', ALREADY_ENROLLED: 'other',
} as const satisfies Record<GateError['error'], string>;

function gateFailure(e: GateError, byStaff = false): AppException {
  switch (e.error) {
    case 'REGISTRATION_CLOSED':
      return new AppException(403, ErrorCode.REGISTRATION_CLOSED, 'No registration window is open for you right now.');
    case 'LINE_FULL':
      return AppException.unavailable('The waiting line is full; try again in a few seconds.', 5);
    case 'NOT_READY':
      return AppException.unavailable('Enrollment is briefly paused while the system recovers; try again shortly.', 2);
    case 'SECTION_BUSY':
      return AppException.unavailable('Staff are changing this section right now; try again in a moment.', 1);
    case 'NOT_ENROLLED':
      return new AppException(404, ErrorCode.NOT_ENROLLED, byStaff ? 'The student is not enrolled in this section.' : 'You are not enrolled in this section.');
    case 'UNKNOWN_STUDENT':
      return new AppException(404, ErrorCode.NOT_FOUND, 'Student was not found.');
    case 'RATE_LIMITED':
      return tooManyRequests(e.retryMs);
    case 'ALREADY_ENROLLED':
      return AppException.conflict(ErrorCode.ALREADY_ENROLLED, 'This request was granted its seat: you are enrolled. To give the seat up, drop the section.');
    case 'IDEMPOTENCY_KEY_REUSED':
      return AppException.conflict(ErrorCode.IDEMPOTENCY_KEY_REUSED, `This Idempotency-Key was already used for request ${e.requestId}, for section ${e.sectionId}; use a new key for another section.`);
  }
}

/** Enroll, drop and follow requests; the rules themselves live in the engine's Lua gate. */
@Injectable()
export class EnrollmentService {
  private readonly log = new Logger('Enrollment');

  constructor(
    private readonly gate: EnrollmentGate,
    private readonly queue: EnrollmentQueueProducer,
    @InjectRepository(CartItem) private readonly cart: Repository<CartItem>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly rateLimits: RateLimitRepository,
    private readonly queued: QueuedRequests,
  ) {}

  private refused(e: GateError, byStaff = false): AppException {
    this.metrics.countEnrollRequest(GATE_OUTCOME[e.error]);
    if (e.error === 'RATE_LIMITED') this.metrics.countRateLimited('enroll');
    return countedError(gateFailure(e, byStaff));
  }

  /** `rateLimited`: count this call against ENROLL_RATE_LIMIT (the single enroll route; from-cart has its own guard). */
  async enroll(studentId: number, sectionId: number, idempotencyKey: string | null, waitlist = false, rateLimited = false): Promise<EnrollmentRequestView> {
    const { scope, limit, windowMs } = ENROLL_RATE_LIMIT;
    const key = rateLimited ? this.rateLimits.key(scope, rateLimitSubject({ role: 'student', id: studentId }, '')) : null;
    const res = await this.gate.accept(studentId, sectionId, idempotencyKey, waitlist, key ? { key, limit, windowMs } : undefined);
    if (isGateError(res)) throw this.refused(res);
    // An 'existing' request already has its job (or had it: re-adding with the same jobId is a no-op).
    // A request in a draw has no place yet: its job waits (delayed) until the draw is due.
    if (res.view.status === 'QUEUED') {
      try {
        await this.queue.enqueueDecide(res.view.requestId, res.view.position ?? 0, res.view.drawAt ? Date.parse(res.view.drawAt) : null);
      } catch (err) {
        // The request has its place in line (and its journal entry) already: a later job decides it
        // in line order, or the worker's sweep of a stuck line does (its draw, the worker's tick holds).
        // A 503 here told the student to try again for a request that was in fact accepted.
        this.log.warn(`request ${res.view.requestId} accepted without its job (${err instanceof Error ? err.message : String(err)}): left to the line's next job or the worker's sweep`);
      }
    }
    this.metrics.countEnrollRequest(res.kind === 'existing' ? 'replayed' : 'accepted');
    // The student's open streams in this process list it from their next tick.
    if (res.kind === 'accepted') this.queued.accepted(studentId);
    return res.view;
  }

  /**
   * One request per cart section, in cart order. A refusal after some were accepted (the line full,
   * the engine pausing, the window closing) does not turn the call into an error: those are in line,
   * so the answer is 202 with them, and the sections not sent are listed in `skipped` with why (it was
   * a 503 that named none of the requests already made). A refusal of the first is the call's answer.
   */
  async enrollFromCart(studentId: number, waitlist = false): Promise<{ requests: EnrollmentRequestView[]; skipped?: { sectionId: number; code: string; message: string }[] }> {
    // The only MySQL read on the intake path: the cart itself (one indexed query).
    const items = await this.cart.find({ where: { studentId }, order: { createdAt: 'ASC', id: 'ASC' }, select: { sectionId: true, id: true, createdAt: true } });
    if (!items.length) {
      // Nothing to enroll from, but outside a window the answer is still 403 (it was 202 with no requests).
      const closed = await this.gate.windowOpen(studentId);
      if (closed) throw this.refused(closed);
    }
    const requests: EnrollmentRequestView[] = [];
    for (const [i, item] of items.entries()) {
      try {
        requests.push(await this.enroll(studentId, item.sectionId, null, waitlist));
      } catch (err) {
        if (!requests.length || !(err instanceof AppException)) throw err;
        // What refused this one (a full line, a pause) refuses the rest as well: not asked again.
        return { requests, skipped: items.slice(i).map((rest) => ({ sectionId: rest.sectionId, code: err.code, message: err.message })) };
      }
    }
    return { requests };
  }

  async drop(studentId: number, sectionId: number, staffId: number | null = null) {
    const res = await this.gate.drop(studentId, sectionId, staffId);
    if (isGateError(res)) throw this.refused(res, staffId !== null);
    this.metrics.countEnrollRequest('accepted');
    if (res.withdrawn) return { sectionId, status: 'CANCELLED' as const, requestId: res.requestId, promotedRequestId: null };
    return { sectionId, status: 'DROPPED' as const, requestId: res.requestId, promotedRequestId: res.promotedRequestId };
  }

  /** Withdraws one of the student's waiting requests (line, draw or waitlist), never a seat it was granted. */
  async withdraw(studentId: number, requestId: string) {
    const view = await this.status(studentId, requestId);
    if (view.status === 'ENROLLED') throw this.refused({ error: 'ALREADY_ENROLLED' });
    if (view.status !== 'QUEUED' && view.status !== 'WAITLISTED') {
      throw AppException.conflict(ErrorCode.CONFLICT, `This request is no longer waiting (${view.status}); there is nothing to withdraw.`);
    }
    const res = await this.gate.withdraw(studentId, view.sectionId, requestId);
    if (isGateError(res)) {
      // Decided between the read above and the withdraw: say what it became.
      if (res.error === 'NOT_ENROLLED') throw AppException.conflict(ErrorCode.CONFLICT, 'This request is no longer waiting; there is nothing to withdraw.');
      throw this.refused(res);
    }
    this.metrics.countEnrollRequest('accepted');
    return { sectionId: view.sectionId, status: 'CANCELLED' as const, requestId, promotedRequestId: null };
  }

  async staffEnroll(studentId: number, sectionId: number, staffId: number) {
    const res = await this.gate.enrollNow(studentId, sectionId, staffId);
    if (isGateError(res)) throw gateFailure(res);
    if (res.status !== 'ENROLLED') {
      throw new AppException(409, res.reason ?? 'REJECTED', `The enrollment was refused: ${res.reason ?? 'rejected'}.`);
    }
    return { requestId: res.requestId, sectionId, status: res.status };
  }

  async status(studentId: number, requestId: string): Promise<EnrollmentRequestView> {
    const view = await this.gate.status(studentId, requestId);
    // Another student's request answers exactly like a missing one.
    if (!view) throw AppException.notFound('Request');
    return view;
  }

  get maxWaiting(): number { return this.config.engine.maxWaiting; }
}
