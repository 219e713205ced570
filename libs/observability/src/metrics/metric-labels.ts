import { RejectReason } from '@app/contracts';

/**
 * Every label value a goorm_ metric may carry, declared once. A value outside a set is folded
 * into `other`, so a bug upstream can never create an unbounded number of series.
 */

/** How the API answered one enroll or drop call. */
export const ENROLL_OUTCOMES = [
  'accepted', // 202, a new request went into the queue
  'replayed', // same idempotency key again: the earlier answer was returned
  'invalid', // 400: validation failed
  'closed', // registration window not open (or already closed)
  'rate_limited', // 429
  'overloaded', // 503: the queue is at QUEUE_MAX_WAITING
  'unavailable', // 503: Redis (or another dependency) is down
  'error', // 5xx nobody expected
  'other',
] as const;
export type EnrollOutcome = (typeof ENROLL_OUTCOMES)[number];

/** The final state a decision put a request in (RequestStatus without QUEUED, lower case). */
export const DECISION_OUTCOMES = ['enrolled', 'rejected', 'waitlisted', 'dropped', 'other'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** `reason` label: a RejectReason in lower case, or `none` for a request that was not rejected. */
export const DECISION_REASONS = ['none', ...Object.values(RejectReason).map((r) => r.toLowerCase()), 'other'] as const;

/** Queue states shown by goorm_queue_jobs. `waiting` includes prioritized and paused jobs. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export const DEPENDENCIES = ['mysql', 'redis'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

/** What a reconcile run compared (see the reliability plan, test 11). */
export const DRIFT_KINDS = ['seat_counter', 'student_state', 'missing_job', 'orphan_reservation', 'other'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** Which limiter refused a call. */
export const RATE_LIMIT_SCOPES = ['enroll', 'login', 'api', 'other'] as const;
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'OTHER'] as const;

/**
 * Majors beyond this many distinct ids are summed into major="other": a university has tens of
 * majors, and a runaway id source must not create thousands of series.
 */
export const MAX_MAJOR_SERIES = 100;

/** `value` when it is in `allowed`, else `fallback` (the last entry, "other", by default). */
export function bounded<T extends string>(allowed: readonly T[], value: string, fallback: T = allowed[allowed.length - 1]!): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
