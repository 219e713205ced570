import { describe, expect, it } from 'vitest';
import { MAX_MAJOR_SERIES, type EnrollOutcome } from './metric-labels.js';
import { createMetricsRegistry } from './metrics.registry.js';
import { Metrics } from './metrics.js';

const fresh = () => new Metrics(createMetricsRegistry());

/** The value of one sample in the text exposition, or undefined when the series is absent. */
async function sample(m: Metrics, series: string): Promise<number | undefined> {
  const text = await m.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Metrics', () => {
  it('registers every goorm_ metric next to the process defaults', async () => {
    const names = (await fresh().registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining([
      'goorm_enroll_requests_total', 'goorm_enroll_accept_duration_seconds', 'goorm_queue_jobs', 'goorm_decisions_total',
      'goorm_enqueue_to_decision_seconds', 'goorm_commit_batch_rows', 'goorm_commit_duration_seconds', 'goorm_commit_lag_seconds',
      'goorm_seats_left', 'goorm_seats_left_by_major', 'goorm_sse_connections', 'goorm_dependency_errors_total',
      'goorm_reconcile_drift', 'goorm_stalled_jobs_total', 'goorm_rate_limited_total', 'goorm_redis_memory_used_bytes',
      'process_cpu_seconds_total', 'nodejs_eventloop_lag_p99_seconds',
    ]));
  });

  it('lets two apps in one process keep their own registries', () => {
    expect(() => [fresh(), fresh()]).not.toThrow();
  });

  it('starts every known label set at zero so rate() sees it before the first event', async () => {
    const m = fresh();
    expect(await sample(m, 'goorm_enroll_requests_total{outcome="unavailable"}')).toBe(0);
    expect(await sample(m, 'goorm_decisions_total{outcome="rejected",reason="section_full"}')).toBe(0);
    expect(await sample(m, 'goorm_dependency_errors_total{dependency="mysql"}')).toBe(0);
  });

  it('folds an unknown label value into "other" instead of a new series', async () => {
    const m = fresh();
    m.countEnrollRequest('surprise' as EnrollOutcome);
    m.countDecision('rejected', 'SECTION_FULL');
    m.countDecision('rejected', 'NO_SUCH_REASON');
    expect(await sample(m, 'goorm_enroll_requests_total{outcome="other"}')).toBe(1);
    expect(await sample(m, 'goorm_enroll_requests_total{outcome="surprise"}')).toBeUndefined();
    expect(await sample(m, 'goorm_decisions_total{outcome="rejected",reason="section_full"}')).toBe(1);
    expect(await sample(m, 'goorm_decisions_total{outcome="rejected",reason="other"}')).toBe(1);
  });

  it('caps per-major seat series and drops majors no longer reported', async () => {
    const m = fresh();
    const many = new Map(Array.from({ length: MAX_MAJOR_SERIES + 5 }, (_, i) => [i + 1, 2] as const));
    m.setSeatsLeft(1000, many);
    expect(await sample(m, 'goorm_seats_left')).toBe(1000);
    expect(await sample(m, 'goorm_seats_left_by_major{major="other"}')).toBe(10);
    m.setSeatsLeft(3, { 7: 3 });
    expect(await sample(m, 'goorm_seats_left_by_major{major="7"}')).toBe(3);
    expect(await sample(m, 'goorm_seats_left_by_major{major="1"}')).toBeUndefined();
  });

  it('reads queue depth from the provided source at scrape time and keeps the last values when it fails', async () => {
    const m = fresh();
    let fail = false;
    m.provideQueueDepth(async () => {
      if (fail) throw new Error('redis down');
      return { waiting: 42, active: 3, delayed: 1, failed: 0 };
    });
    expect(await sample(m, 'goorm_queue_jobs{state="waiting"}')).toBe(42);
    fail = true;
    expect(await sample(m, 'goorm_queue_jobs{state="waiting"}')).toBe(42);
  });

  it('answers a scrape within the deadline when the source hangs', async () => {
    const m = fresh();
    m.provideRedisMemory(() => new Promise(() => {}));
    const started = Date.now();
    await m.registry.metrics();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports commit lag only while rows are pending, and resets drift kinds not reported', async () => {
    const m = fresh();
    m.setCommitBacklog(0, 12);
    expect(await sample(m, 'goorm_commit_lag_seconds')).toBe(0);
    m.setCommitBacklog(5, 12);
    expect(await sample(m, 'goorm_commit_lag_seconds')).toBe(12);
    m.setReconcileDrift({ seat_counter: 4 });
    m.setReconcileDrift({ missing_job: 1 });
    expect(await sample(m, 'goorm_reconcile_drift{kind="seat_counter"}')).toBe(0);
    expect(await sample(m, 'goorm_reconcile_drift{kind="missing_job"}')).toBe(1);
  });

  it('labels HTTP answers by status class, not by code', async () => {
    const m = fresh();
    m.observeHttp('post', '/api/me/enrollments', 503, 0.002);
    expect(await sample(m, 'goorm_http_requests_total{method="POST",route="/api/me/enrollments",status="5xx"}')).toBe(1);
  });
});
