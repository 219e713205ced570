/** Stable, machine-readable error codes of the HTTP contract (`code` in every error body). */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  IN_USE: 'IN_USE',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  ALREADY_ENROLLED: 'ALREADY_ENROLLED',
  NOT_ENROLLED: 'NOT_ENROLLED',
  CAPACITY_BELOW_ENROLLMENT: 'CAPACITY_BELOW_ENROLLMENT',
  PROFESSOR_DOUBLE_BOOKED: 'PROFESSOR_DOUBLE_BOOKED',
  REGISTRATION_CLOSED: 'REGISTRATION_CLOSED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** An Idempotency-Key sent again with a request for another section (409). */
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  /** A RANDOM_AT_OPEN window's start or queue mode, changed while its opening draw is not held yet (409). */
  WINDOW_DRAW_PENDING: 'WINDOW_DRAW_PENDING',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The body of every error answer. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { field: string; problem: string }[];
  correlationId?: string;
}
