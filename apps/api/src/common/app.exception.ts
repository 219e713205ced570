import { HttpException } from '@nestjs/common';
import { ErrorCode, type ErrorBody } from '@app/contracts';

/**
 * The one exception services throw for an expected failure: an HTTP status, a stable `code`
 * and a human message. The global filter turns it into the contract's error body.
 */
export class AppException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorBody['details'],
    readonly headers?: Record<string, string>,
  ) {
    super({ statusCode: status, code, message, ...(details ? { details } : {}) }, status);
  }

  static notFound(what: string) { return new AppException(404, 'NOT_FOUND', `${what} was not found.`); }
  static conflict(code: string, message: string) { return new AppException(409, code, message); }
  static forbidden(message = 'You are not allowed to do this.') { return new AppException(403, 'FORBIDDEN', message); }
  /** 503 with `Retry-After`: the caller did nothing wrong and should try again in `retryAfterSeconds`. */
  static unavailable(message: string, retryAfterSeconds: number) {
    return new AppException(503, ErrorCode.UNAVAILABLE, message, undefined, { 'Retry-After': String(retryAfterSeconds) });
  }
  static validation(details: NonNullable<ErrorBody['details']>, message = 'The request is not valid.') {
    return new AppException(400, 'VALIDATION_FAILED', message, details);
  }
}
