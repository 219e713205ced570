import { bars, dashboard, q, quantile, row, stat, timeseries } from './panels.mjs';

const R = '$__rate_interval';

/** The one screen to watch while a registration window is open. */
export default dashboard({
  uid: 'goorm-registration-day',
  title: 'Goorm · Registration day',
  description: 'Intake, queue, decisions, commits and seats while a registration window is open.',
  tags: ['overview'],
  refresh: '5s',
  panels: [
    stat('Accepted / s', q(`sum(rate(goorm_enroll_requests_total{outcome="accepted"}[${R}]))`), { unit: 'reqps' }),
    stat('Waiting in queue', q('max(goorm_queue_jobs{state="waiting"})'), { red: 100000 }),
    stat('Commit lag', q('max(goorm_commit_lag_seconds)'), { unit: 's', red: 10 }),
    stat('Seats left', q('max(goorm_seats_left)')),

    row('Intake'),
    timeseries('Enroll calls by outcome', [q(`sum by (outcome) (rate(goorm_enroll_requests_total[${R}]))`, '{{outcome}}')], { unit: 'reqps', stack: true }),
    timeseries('Accept latency', [
      q(quantile(0.5, 'goorm_enroll_accept_duration_seconds'), 'p50'),
      q(quantile(0.99, 'goorm_enroll_accept_duration_seconds'), 'p99'),
    ], { unit: 's', description: 'From the enroll call arriving to its 202.' }),

    row('Queue and decisions'),
    timeseries('Queue depth by state', [q('max by (state) (goorm_queue_jobs)', '{{state}}')], { description: 'Read from Redis at scrape time; the same in every process, hence max.' }),
    timeseries('Decisions / s by outcome', [q(`sum by (outcome) (rate(goorm_decisions_total[${R}]))`, '{{outcome}}')], { unit: 'ops', stack: true }),
    timeseries('Rejections / s by reason', [q(`sum by (reason) (rate(goorm_decisions_total{outcome="rejected"}[${R}]))`, '{{reason}}')], { unit: 'ops', stack: true }),
    timeseries('Enqueue to decision', [
      q(quantile(0.5, 'goorm_enqueue_to_decision_seconds'), 'p50'),
      q(quantile(0.99, 'goorm_enqueue_to_decision_seconds'), 'p99'),
    ], { unit: 's', description: 'How long an accepted request waits for its answer.' }),

    row('Commits to MySQL'),
    timeseries('Commits / s', [
      q(`sum(rate(goorm_commit_batch_rows_sum[${R}]))`, 'rows / s'),
      q(`sum(rate(goorm_commit_batch_rows_count[${R}]))`, 'batches / s'),
    ], { unit: 'ops', w: 8 }),
    timeseries('Commit latency', [
      q(quantile(0.5, 'goorm_commit_duration_seconds'), 'p50'),
      q(quantile(0.99, 'goorm_commit_duration_seconds'), 'p99'),
    ], { unit: 's', w: 8 }),
    timeseries('Decided, not yet committed', [
      q('max(goorm_commit_lag_seconds)', 'oldest (s)'),
      q('sum(goorm_commit_pending_rows)', 'pending rows'),
    ], { w: 8 }),

    row('Seats'),
    timeseries('Seats left', [q('max(goorm_seats_left)', 'all sections')], { min: 0 }),
    bars('Seats left by major', q('max by (major) (goorm_seats_left_by_major)', '{{major}}')),

    row('Trouble'),
    timeseries('Dependency errors / s', [q(`sum by (dependency) (rate(goorm_dependency_errors_total[${R}]))`, '{{dependency}}')], { unit: 'ops', w: 8 }),
    timeseries('Stalled and failed jobs', [
      q('sum(increase(goorm_stalled_jobs_total[5m]))', 'stalled (5 min)'),
      q('max(goorm_queue_jobs{state="failed"})', 'failed'),
    ], { w: 8 }),
    timeseries('Reconcile drift by kind', [q('max by (kind) (goorm_reconcile_drift)', '{{kind}}')], { w: 8, description: 'What the last reconcile run found (and repaired).' }),
    timeseries('Rate-limited / s', [q(`sum by (scope) (rate(goorm_rate_limited_total[${R}]))`, '{{scope}}')], { unit: 'reqps', w: 8 }),
    timeseries('SSE connections', [q('sum(goorm_sse_connections)', 'open streams')], { w: 8 }),
    timeseries('Targets up', [q('sum by (job) (up{job=~"goorm-api|goorm-worker"})', '{{job}}')], { w: 8 }),
    stat('Since the last reconcile run', q('time() - max(goorm_reconcile_last_run_timestamp_seconds > 0)'), { unit: 's', w: 8 }),
  ],
});
