import { REQUEST_STATUSES, RejectReason, type EnrollmentRequestView, type PositionEvent, type RequestStatus } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response shapes of the enrollment routes, for the OpenAPI document only (the services return
// the contracts' plain objects; `implements` keeps these classes in step with them).

export class EnrollmentRequestViewDto implements EnrollmentRequestView {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() sectionId!: number;
  @ApiProperty({ enum: REQUEST_STATUSES, enumName: 'RequestStatus', description: 'QUEUED → ENROLLED | REJECTED | WAITLISTED; DROPPED after a drop' })
  status!: RequestStatus;
  @ApiPropertyOptional({ description: 'Place in line (QUEUED only); lower is decided first. Absent while the request waits for a RANDOM_AT_OPEN draw (see drawAt)' }) position?: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'RANDOM_AT_OPEN windows: when the draw that gives this request its place is held (QUEUED without a position only)' }) drawAt?: string;
  @ApiPropertyOptional({ description: 'Estimated seconds until the decision (QUEUED only; while the request waits for a RANDOM_AT_OPEN draw, the seconds until the draw)' }) etaSeconds?: number;
  @ApiPropertyOptional({ enum: Object.values(RejectReason), enumName: 'RejectReason', description: 'Why it was not granted (REJECTED only)' })
  reason?: RejectReason;
  @ApiPropertyOptional({ description: 'TIME_CONFLICT: the section it collides with; SAME_LECTURE_ENROLLED: the section already held' })
  conflictSectionId?: number;
}

export class SkippedCartItemDto {
  @ApiProperty() sectionId!: number;
  @ApiProperty({ description: 'Why it was not sent, as an error code (e.g. UNAVAILABLE: the line filled up)' }) code!: string;
  @ApiProperty() message!: string;
}

export class FromCartResultDto {
  @ApiProperty({ type: [EnrollmentRequestViewDto], description: 'One request per cart section, in cart order' })
  requests!: EnrollmentRequestViewDto[];
  @ApiPropertyOptional({ type: [SkippedCartItemDto], description: 'Only when a refusal came after some were accepted: the sections not sent (those in `requests` are in line)' })
  skipped?: SkippedCartItemDto[];
}

export class DropResultDto {
  @ApiProperty() sectionId!: number;
  @ApiProperty({ enum: ['DROPPED', 'CANCELLED'], description: 'DROPPED: the seat was released; CANCELLED: no seat was held, and the request still waiting for one (in line or on the waitlist) was withdrawn' })
  status!: 'DROPPED' | 'CANCELLED';
  @ApiProperty({ format: 'uuid', description: 'The drop, as a request of its own; or the request withdrawn' }) requestId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The waitlisted request that got the freed seat, if any' })
  promotedRequestId!: string | null;
}

export class StaffEnrollResultDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() sectionId!: number;
  @ApiProperty({ enum: ['ENROLLED'] }) status!: 'ENROLLED';
}

export class QueueStatsDto {
  @ApiProperty({ description: 'Jobs waiting for a worker' }) waiting!: number;
  @ApiProperty({ description: 'Jobs a worker is deciding now' }) active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'Requests in line, not yet decided' }) inLine!: number;
  @ApiProperty({ description: 'Requests waiting for a RANDOM_AT_OPEN draw (in line once it is held)' }) inDraw!: number;
  @ApiProperty() decidedPerSecond!: number;
  @ApiProperty() committedPerSecond!: number;
  @ApiProperty({ description: 'Age of the oldest request in line; 0 when the line is empty' }) oldestWaitingMs!: number;
}

export class QueuedPositionDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ description: 'Requests ahead of this one' }) ahead!: number;
  @ApiPropertyOptional({ description: 'Absent while the line has not moved for a few seconds (workers stopped or the queue paused)' }) etaSeconds?: number;
}

export class DrawingRequestDto {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'date-time', description: 'When the draw is held' }) drawAt!: string;
  @ApiProperty({ description: 'Seconds until the draw' }) etaSeconds!: number;
}

/** `data` of a `position` event. */
export class PositionEventDto implements PositionEvent {
  @ApiProperty({ description: 'Every place up to this one is decided' }) decidedUpTo!: number;
  @ApiProperty({ type: [QueuedPositionDto], description: "The caller's requests still in line" }) requests!: QueuedPositionDto[];
  @ApiPropertyOptional({ type: [DrawingRequestDto], description: "RANDOM_AT_OPEN: the caller's requests that wait for a draw (no place yet)" }) drawing?: DrawingRequestDto[];
}

/** How the SSE route's body is described (a stream of events, not one JSON value). */
export const REQUEST_STREAM_DESCRIPTION = [
  'A text/event-stream that stays open. Two event types, each with one JSON object as `data`:',
  '- `position` (every second): a PositionEvent — `decidedUpTo` and, per request of the caller still in line, `position`, `ahead` and `etaSeconds`; requests that wait for a RANDOM_AT_OPEN draw are listed under `drawing` with `drawAt` until the draw gives them a place.',
  '- `decision` (as each arrives): an EnrollmentRequestView — `status` ENROLLED, REJECTED (with `reason`, and `conflictSectionId` where it applies) or WAITLISTED.',
].join('\n');
