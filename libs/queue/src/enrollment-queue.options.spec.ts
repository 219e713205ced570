import { describe, expect, it } from 'vitest';
import { CAPPED_BACKOFF, cappedBackoff, ENROLLMENT_JOB_OPTIONS, ENROLLMENT_WORKER_OPTIONS, RETRY_MAX_MS } from './enrollment-queue.options.js';

describe('enrollment job retries', () => {
  it('double from 200 ms and never wait more than 5 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 13, 50].map((n) => cappedBackoff(n));
    expect(delays).toEqual([200, 400, 800, 1600, 3200, RETRY_MAX_MS, RETRY_MAX_MS, RETRY_MAX_MS]);
  });

  it('the jobs name the strategy the workers carry', () => {
    expect(ENROLLMENT_JOB_OPTIONS.backoff.type).toBe(CAPPED_BACKOFF);
    expect(ENROLLMENT_WORKER_OPTIONS.settings.backoffStrategy).toBe(cappedBackoff);
  });
});
