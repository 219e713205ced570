import type { ErrorBody } from '@app/contracts';

/** A failed call: the contract's error body plus what the UI needs (status, Retry-After). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: { field: string; problem: string }[];
  /** Seconds to wait, from the Retry-After header of a 429 or 503. */
  readonly retryAfter: number | null;

  constructor(status: number, body: Partial<ErrorBody> | null, retryAfter: number | null = null) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? codeForStatus(status);
    this.details = body?.details ?? [];
    this.retryAfter = retryAfter;
  }
}

/** The request never got an answer (offline, DNS, the server is down). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

/** When a proxy answers instead of the API, there is no body: guess the code from the status. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 0:
      return NETWORK_ERROR;
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    case 502:
    case 503:
    case 504:
      return 'UNAVAILABLE';
    default:
      return 'INTERNAL';
  }
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - nowMs) / 1000));
}
