import type { EnrollmentRequestView, PositionEvent } from '@app/contracts';
import { secondsUntil } from '@app/engine';
import { Metrics } from '@app/observability';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Sse, UseInterceptors, type MessageEvent } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Observable } from 'rxjs';
import { CurrentStudent, StudentAuth } from '../auth/index.js';
import { AppException } from '../common/app.exception.js';
import { IdPipe } from '../common/id.pipe.js';
import { RateLimit } from '../rate-limit/rate-limit.decorator.js';
import { DecisionFeed } from './decision-feed.js';
import { EnrollMetricsInterceptor } from './enroll-metrics.interceptor.js';
import { DropResultDto, EnrollmentRequestViewDto, FromCartResultDto, PositionEventDto, REQUEST_STREAM_DESCRIPTION } from './enrollment-responses.dto.js';
import { EnrollDto, FromCartDto } from './enrollment.dto.js';
import { ENROLL_RATE_LIMIT, EnrollmentService } from './enrollment.service.js';
import { MeService } from '../me/me.service.js';
import { QueuedRequests, REREAD_MS } from './queued-requests.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

function idempotencyKey(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!IDEMPOTENCY_KEY.test(raw)) {
    throw AppException.validation([{ field: 'Idempotency-Key', problem: 'must be 1–100 characters of letters, digits, _ . : -' }]);
  }
  return raw;
}

@ApiTags('enrollment')
@ApiExtraModels(PositionEventDto, EnrollmentRequestViewDto)
@StudentAuth()
@Controller('api/me')
export class EnrollmentController {
  constructor(
    private readonly enrollments: EnrollmentService,
    private readonly feed: DecisionFeed,
    private readonly queued: QueuedRequests,
    private readonly metrics: Metrics,
    private readonly students: MeService,
  ) {}

  @Post('enrollments')
  @UseInterceptors(EnrollMetricsInterceptor)
  @HttpCode(202)
  @RateLimit(ENROLL_RATE_LIMIT)
  @ApiOperation({ summary: 'Queue an enrollment request; 202 with a place in line' })
  @ApiAcceptedResponse({ type: EnrollmentRequestViewDto, description: 'QUEUED with position and etaSeconds; the same request again for a repeated Idempotency-Key (as it stands: decided ones with their status and reason, no position) or a section still queued' })
  @ApiResponse({ status: 403, description: 'FORBIDDEN (not a student token) or REGISTRATION_CLOSED (no window is open for you)' })
  @ApiResponse({ status: 409, description: 'IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was already used for a request for another section' })
  @ApiServiceUnavailableResponse({ description: 'UNAVAILABLE, with Retry-After: the line is full (QUEUE_MAX_WAITING) or the engine is recovering' })
  enroll(@CurrentStudent() { studentId }: { studentId: number }, @Body() dto: EnrollDto, @Headers('idempotency-key') key?: string): Promise<EnrollmentRequestView> {
    return this.enrollments.enroll(studentId, dto.sectionId, idempotencyKey(key), dto.waitlist ?? false, true);
  }

  @Post('enrollments/from-cart')
  @UseInterceptors(EnrollMetricsInterceptor)
  @HttpCode(202)
  @RateLimit({ scope: 'enroll-cart', limit: 5, windowMs: 1000, by: 'user' })
  @ApiOperation({ summary: 'Queue one request per section in the cart' })
  @ApiAcceptedResponse({ type: FromCartResultDto })
  @ApiResponse({ status: 403, description: 'FORBIDDEN (not a student token) or REGISTRATION_CLOSED (no window is open for you)' })
  @ApiServiceUnavailableResponse({ description: 'UNAVAILABLE, with Retry-After: the line is full (QUEUE_MAX_WAITING) or the engine is recovering' })
  fromCart(@CurrentStudent() { studentId }: { studentId: number }, @Body() dto: FromCartDto = {}) {
    return this.enrollments.enrollFromCart(studentId, dto?.waitlist ?? false);
  }

  @Delete('enrollments/:sectionId')
  @UseInterceptors(EnrollMetricsInterceptor)
  @HttpCode(200)
  @RateLimit({ scope: 'drop', limit: 10, windowMs: 1000, by: 'user' })
  @ApiOperation({ summary: 'Drop a section: the seat is released at once, the waitlist promoted. Holding no seat there, withdraw the request still waiting for one (in line or on the waitlist)' })
  @ApiOkResponse({ type: DropResultDto })
  @ApiNotFoundResponse({ description: 'NOT_ENROLLED: you neither hold this section nor wait for it' })
  @ApiServiceUnavailableResponse({ description: 'UNAVAILABLE, with Retry-After: the engine is recovering, or staff are changing this section (a few ms)' })
  drop(@CurrentStudent() { studentId }: { studentId: number }, @Param('sectionId', IdPipe) sectionId: number) {
    return this.enrollments.drop(studentId, sectionId);
  }

  @Get('requests/stream')
  @Sse()
  @ApiOperation({ summary: 'Server-sent events: `position` every second while queued, `decision` as each arrives' })
  @ApiOkResponse({ description: REQUEST_STREAM_DESCRIPTION, content: { 'text/event-stream': { schema: { type: 'string', description: 'event: position|decision, data: PositionEvent|EnrollmentRequestView (JSON)' } } } })
  stream(@CurrentStudent() { studentId }: { studentId: number }): Observable<MessageEvent> {
    return new Observable<MessageEvent>((sub) => {
      this.metrics.sseOpened();
      let mine = new Map<string, number>(); // requestId → place in line
      let drawing = new Map<string, number>(); // requestId → when its draw is held (RANDOM_AT_OPEN)
      let rereading = false;
      let again = false; // asked to read while a read was out: once more after it
      const decided = new Set<string>(); // this stream's decisions: a read that started before one must not bring it back
      const read = () => this.queued.of(studentId).then((m) => {
        for (const id of decided) { m.placed.delete(id); m.drawing.delete(id); }
        mine = m.placed;
        drawing = m.drawing;
      });
      const { off, ready } = this.feed.on(studentId, (decision) => {
        // Decided, waitlisted included: no longer in line (it was listed on with a place and an ETA that meant nothing).
        decided.add(decision.requestId);
        mine.delete(decision.requestId);
        drawing.delete(decision.requestId);
        sub.next({ type: 'decision', data: decision });
      });
      // Requests made after the stream opened: read again when this process accepts one, and every REREAD_MS
      // for those another process accepted (before, a stream listed only what it found when it opened).
      const reread = () => {
        if (rereading) { again = true; return; }
        rereading = true;
        read().catch(() => {}).finally(() => {
          rereading = false;
          if (again) { again = false; reread(); }
        });
      };
      const offAccepted = this.queued.onAccepted(studentId, reread);
      let lastRead = Date.now();
      const tick = () => {
        const upTo = this.feed.upTo;
        const now = Date.now();
        const requests = [...mine].map(([requestId, position]) => {
          const ahead = Math.max(0, position - upTo - 1);
          return { requestId, position, ahead, etaSeconds: this.queued.eta(ahead + 1) };
        });
        const draws = [...drawing].map(([requestId, at]) => ({ requestId, drawAt: new Date(at).toISOString(), etaSeconds: secondsUntil(at, now) }));
        sub.next({ type: 'position', data: { decidedUpTo: upTo, requests, ...(draws.length ? { drawing: draws } : {}) } satisfies PositionEvent });
        // A draw that is due has handed out places: read them (once per tick while any is still missing).
        if ([...drawing.values()].some((at) => at <= now) || now - lastRead >= REREAD_MS) {
          lastRead = now;
          reread();
        }
      };
      // The first read counts as a read in flight too: an accept meanwhile reads again after it, so an
      // older result cannot land last.
      rereading = true;
      ready.then(read).finally(() => {
        rereading = false;
        if (again) { again = false; reread(); }
      }).then(tick, () => tick());
      const timer = setInterval(tick, 1000);
      return () => { clearInterval(timer); off(); offAccepted(); this.metrics.sseClosed(); };
    });
  }

  @Get('requests')
  @ApiOperation({ summary: 'Your requests still waiting for a seat (in line, in an opening draw, on the waitlist), each as GET /api/me/requests/:id answers it' })
  @ApiOkResponse({ type: [EnrollmentRequestViewDto] })
  async waiting(@CurrentStudent() { studentId }: { studentId: number }) {
    // Redis alone would answer [] for a deleted student's token: 401, as every other /api/me route.
    const [, views] = await Promise.all([this.students.requireStudent(studentId), this.queued.waiting(studentId)]);
    return views;
  }

  @Delete('requests/:requestId')
  @UseInterceptors(EnrollMetricsInterceptor)
  @HttpCode(200)
  @RateLimit({ scope: 'drop', limit: 10, windowMs: 1000, by: 'user' })
  @ApiOperation({ summary: 'Withdraw a request still waiting (in line, in an opening draw or on the waitlist): decided CANCELLED. Never gives up a seat: a request granted meanwhile answers 409 ALREADY_ENROLLED' })
  @ApiOkResponse({ type: DropResultDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such request of yours' })
  @ApiResponse({ status: 409, description: 'ALREADY_ENROLLED: the request was granted its seat (drop the section to give it up); CONFLICT: it is no longer waiting' })
  @ApiServiceUnavailableResponse({ description: 'UNAVAILABLE, with Retry-After: the engine is recovering, or staff are changing this section (a few ms)' })
  withdraw(@CurrentStudent() { studentId }: { studentId: number }, @Param('requestId', new ParseUUIDPipe({ version: '4' })) requestId: string) {
    return this.enrollments.withdraw(studentId, requestId);
  }

  @Get('requests/:requestId')
  @ApiOperation({ summary: "A request's state: QUEUED (with place and ETA), ENROLLED, REJECTED (with reason), WAITLISTED" })
  @ApiOkResponse({ type: EnrollmentRequestViewDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: no such request of yours (another student\'s answers the same)' })
  status(@CurrentStudent() { studentId }: { studentId: number }, @Param('requestId', new ParseUUIDPipe({ version: '4' })) requestId: string) {
    return this.enrollments.status(studentId, requestId);
  }
}
