import { ErrorCode, RejectReason } from '@app/contracts';
import { ApiError, NETWORK_ERROR } from '@/api/api-error';

type T = (key: string, params?: Record<string, unknown>) => string;

/** Every code the contract can answer with has its own sentence; anything else gets a generic one. */
const ERRORS = new Set<string>([...Object.values(ErrorCode), NETWORK_ERROR]);
/** A gate refusal answered synchronously (staff enrolling for a student) carries the reject reason as its code. */
const REASONS = new Set<string>(Object.values(RejectReason));
const KNOWN = new Set<string>([...ERRORS, ...REASONS]);
/** Reasons whose full sentence names another lecture or the credit sum; an error alone has neither. */
const PARAMETRISED = new Set<string>(['TIME_CONFLICT', 'SAME_LECTURE_ENROLLED', 'CREDIT_LIMIT_EXCEEDED']);

export function errorKey(code: string | null | undefined): string {
  if (code && ERRORS.has(code)) return `errors.${code}`;
  if (code && REASONS.has(code)) return PARAMETRISED.has(code) ? `reason.${code}_PLAIN` : `reason.${code}`;
  return 'errors.UNKNOWN';
}

/**
 * One friendly sentence for any failure: the contract's code, never the server's raw `message`
 * (it may change and is English-only), plus when to retry after a 429/503.
 */
export function errorMessage(error: unknown, t: T): string {
  if (error instanceof ApiError) {
    let text = t(errorKey(error.code));
    // A body without a code we know still tells us the class of failure through its status.
    if (!KNOWN.has(error.code) && error.status >= 500) text = t('errors.INTERNAL');
    if (error.retryAfter !== null && (error.code === 'RATE_LIMITED' || error.code === 'UNAVAILABLE')) {
      text += ` ${t('errors.retryIn', { s: error.retryAfter })}`;
    }
    return text;
  }
  return t('errors.UNKNOWN');
}

/** The code of an error, for tests and branches ("was it REGISTRATION_CLOSED?"). */
export function errorCode(error: unknown): string | null {
  return error instanceof ApiError ? error.code : null;
}

/**
 * 400 details → one message per form field. Nested fields ("meetings.0.startPeriod") go to their
 * top-level input; the server's English `problem` is shown as-is (it names the rule that failed).
 */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return out;
  for (const { field, problem } of error.details) {
    const key = field.split(/[.[]/)[0] || field;
    out[key] = out[key] ? `${out[key]}; ${problem}` : problem;
  }
  return out;
}
