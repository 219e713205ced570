import { Metrics } from '@app/observability';
import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { tap, type Observable } from 'rxjs';
import { isDependencyDown } from '../common/all-exceptions.filter.js';

/** Errors whose outcome the service already counted (it knows closed from line-full). */
const counted = new WeakSet<object>();

/** Marks an error as counted by its thrower, so the interceptor does not count it again. */
export function countedError<E extends object>(err: E): E {
  counted.add(err);
  return err;
}

/**
 * Accept latency and the outcomes the service cannot see: validation failures (pipes run inside
 * this interceptor), dependency failures and bugs. Rate-limited calls are counted where they are
 * refused: by the rate-limit guard, or for the enroll route by the service (its accept script checks).
 */
@Injectable()
export class EnrollMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const t0 = performance.now();
    return next.handle().pipe(tap({
      next: () => this.metrics.observeAcceptLatency((performance.now() - t0) / 1000),
      error: (err: unknown) => {
        if (typeof err === 'object' && err !== null && counted.has(err)) return;
        if (err instanceof HttpException) {
          const status = err.getStatus();
          this.metrics.countEnrollRequest(status === 400 || status === 413 || status === 415 ? 'invalid' : status >= 500 ? 'error' : 'other');
        } else {
          this.metrics.countEnrollRequest(isDependencyDown(err) ? 'unavailable' : 'error');
        }
      },
    }));
  }
}
