import { ErrorCode } from '@app/contracts';
import { AppException } from '../common/app.exception.js';

/** 429 RATE_LIMITED with Retry-After in whole seconds (at least 1). */
export function tooManyRequests(resetMs: number, message = 'Too many requests; try again shortly.'): AppException {
  const seconds = Math.max(1, Math.ceil(resetMs / 1000));
  return new AppException(429, ErrorCode.RATE_LIMITED, message, undefined, { 'Retry-After': String(seconds) });
}
