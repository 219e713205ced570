/** Why a request was not granted. Shared by the Lua gate, the worker, the API and the web app. */
export const RejectReason = {
  SECTION_FULL: 'SECTION_FULL',
  ALREADY_ENROLLED: 'ALREADY_ENROLLED',
  SAME_LECTURE_ENROLLED: 'SAME_LECTURE_ENROLLED',
  CREDIT_LIMIT_EXCEEDED: 'CREDIT_LIMIT_EXCEEDED',
  TIME_CONFLICT: 'TIME_CONFLICT',
  NOT_ELIGIBLE: 'NOT_ELIGIBLE',
  REGISTRATION_CLOSED: 'REGISTRATION_CLOSED',
  SECTION_NOT_FOUND: 'SECTION_NOT_FOUND',
  NOT_ENROLLED: 'NOT_ENROLLED',
} as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

/** CANCELLED: the student withdrew the request while it waited (in line or on the waitlist: DELETE /api/me/enrollments/:sectionId). */
export type RequestStatus = 'QUEUED' | 'ENROLLED' | 'REJECTED' | 'WAITLISTED' | 'DROPPED' | 'CANCELLED';
/** Every RequestStatus, for schemas and validation. */
export const REQUEST_STATUSES = ['QUEUED', 'ENROLLED', 'REJECTED', 'WAITLISTED', 'DROPPED', 'CANCELLED'] as const satisfies readonly RequestStatus[];
export type RequestAction = 'ENROLL' | 'DROP';

/** 202 answer of POST /api/me/enrollments, and GET /api/me/requests/:id. */
export interface EnrollmentRequestView {
  requestId: string;
  sectionId: number;
  status: RequestStatus;
  reason?: RejectReason;
  /** Place in line; absent while the request waits for a RANDOM_AT_OPEN window's draw (see drawAt). */
  position?: number;
  /** RANDOM_AT_OPEN: when the draw that gives this request its place is held (ISO 8601). */
  drawAt?: string;
  etaSeconds?: number;
  /** For TIME_CONFLICT: the section it collides with; for SAME_LECTURE_ENROLLED: the enrolled section. */
  conflictSectionId?: number;
}

/** Server-sent event payloads on GET /api/me/requests/stream. */
export interface PositionEvent {
  decidedUpTo: number;
  /** etaSeconds: absent while the line has not moved for a few seconds (no estimate to give). */
  requests: { requestId: string; position: number; ahead: number; etaSeconds?: number }[];
  /** RANDOM_AT_OPEN: the caller's requests that wait for a draw (no place yet), and when it is held. */
  drawing?: { requestId: string; drawAt: string; etaSeconds: number }[];
}
export type DecisionEvent = EnrollmentRequestView;
