import { ErrorCode, type ErrorBody } from '@app/contracts';
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppException } from './app.exception.js';

const DEFAULT_CODES: Record<number, string> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.UNAVAILABLE,
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'The request is not valid.',
  401: 'Sign in first.',
  403: 'You are not allowed to do this.',
  404: 'Nothing was found at this address.',
  413: 'The request body is too large.',
  415: 'Send JSON (Content-Type: application/json).',
  429: 'Too many requests; try again shortly.',
  503: 'The service is briefly unavailable; try again shortly.',
};

/**
 * Redis's error replies that say "not now" rather than "wrong": out of memory under noeviction
 * (the policy this system requires), a busy script, a replica or a server still loading, a failed
 * disk save. They were answered 500 (found by a helper review against a Redis at maxmemory).
 */
const TRANSIENT_REDIS_REPLY = /^(OOM|BUSY|READONLY|LOADING|MISCONF|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|NOREPLICAS)\b/;

/** Errors from infrastructure that mean "a dependency is down": answered 503, never 500. */
export function isDependencyDown(err: unknown): boolean {
  const e = err as { code?: string; name?: string; message?: string };
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR', 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK'];
  return (
    (e?.code !== undefined && codes.includes(e.code)) ||
    e?.name === 'MaxRetriesPerRequestError' ||
    (e?.name === 'ReplyError' && TRANSIENT_REDIS_REPLY.test(e.message ?? '')) ||
    /Connection is closed|Stream isn't writeable|enableOfflineQueue/.test(e?.message ?? '')
  );
}

/**
 * Shapes every error as `{ statusCode, code, message }` (the contract). Unknown errors are
 * logged with a correlation id and answered without internals.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private lastDependencyWarning = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse();
    const { status, body, headers } = this.toBody(exception);
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    reply.status(status).send(body);
  }

  private toBody(exception: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof AppException) {
      const status = exception.getStatus();
      return {
        status,
        body: { statusCode: status, code: exception.code, message: exception.message, ...(exception.details ? { details: exception.details } : {}) },
        headers: exception.headers ?? {},
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse() as string | { code?: string; message?: string | string[]; details?: ErrorBody['details'] };
      const raw = typeof res === 'string' ? res : res.message;
      const message = Array.isArray(raw) ? raw.join('; ') : raw;
      const code = (typeof res === 'object' && res.code) || DEFAULT_CODES[status] || (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED);
      // A deliberate 503 (terminus readiness, a dependency down) stays a 503 with Retry-After, never a 500.
      if (status === 503) return { status, body: { statusCode: 503, code: ErrorCode.UNAVAILABLE, message: DEFAULT_MESSAGES[503]! }, headers: { 'Retry-After': '2' } };
      if (status >= 500) return this.unknown(exception);
      const text = message || DEFAULT_MESSAGES[status] || 'Request failed.';
      // Nest's built-in pipes (ParseIntPipe, ParseUUIDPipe) name no field; the contract promises details on every 400.
      const details = (typeof res === 'object' ? res.details : undefined) ?? (code === ErrorCode.VALIDATION_FAILED ? [{ field: /\bbody\b|JSON/i.test(text) ? 'body' : 'request', problem: text }] : undefined);
      return { status, body: { statusCode: status, code, message: text, ...(details ? { details } : {}) }, headers: {} };
    }
    // Fastify's own errors (body too large, bad JSON, bad content type) carry a statusCode.
    const fe = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      const status = fe.statusCode;
      const message =
        fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || /JSON/.test(fe.message ?? '')
          ? 'The body is not valid JSON.'
          : DEFAULT_MESSAGES[status] ?? 'The request is not valid.';
      const code = DEFAULT_CODES[status] ?? ErrorCode.VALIDATION_FAILED;
      const details = code === ErrorCode.VALIDATION_FAILED ? [{ field: 'body', problem: message }] : undefined;
      return { status, body: { statusCode: status, code, message, ...(details ? { details } : {}) }, headers: {} };
    }
    if (isDependencyDown(exception)) {
      // Operators need to hear of a full or read-only Redis; once every few seconds is enough under load.
      if (Date.now() - this.lastDependencyWarning > 5000) {
        this.lastDependencyWarning = Date.now();
        this.logger.warn(`answering 503: a dependency is down or refusing writes (${exception instanceof Error ? exception.message : String(exception)})`);
      }
      return {
        status: 503,
        body: { statusCode: 503, code: ErrorCode.UNAVAILABLE, message: DEFAULT_MESSAGES[503]! },
        headers: { 'Retry-After': '2' },
      };
    }
    return this.unknown(exception);
  }

  private unknown(exception: unknown) {
    const correlationId = randomUUID();
    this.logger.error(`[${correlationId}] ${exception instanceof Error ? exception.stack : String(exception)}`);
    return {
      status: 500,
      body: { statusCode: 500, code: ErrorCode.INTERNAL, message: 'Something went wrong on our side. Quote the correlation id if you report it.', correlationId },
      headers: {},
    };
  }
}
