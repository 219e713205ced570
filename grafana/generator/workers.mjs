import { dashboard, q, quantile, row, stat, timeseries } from './panels.mjs';

const R = '$__rate_interval';
const W = '{job="goorm-worker"}';

/** The worker pods: throughput per pod, batch behaviour, and each process's health. */
export default dashboard({
  uid: 'goorm-workers',
  title: 'Goorm · Workers',
  description: 'Queue consumers: decisions and commits per pod, batches, stalls, Redis and process health.',
  tags: ['workers'],
  panels: [
    stat('Worker pods up', q(`sum(up${W})`)),
    stat('Active jobs', q('max(goorm_queue_jobs{state="active"})')),
    stat('Delayed jobs', q('max(goorm_queue_jobs{state="delayed"})')),
    stat('Failed jobs', q('max(goorm_queue_jobs{state="failed"})'), { red: 1 }),

    row('Throughput'),
    timeseries('Decisions / s per pod', [q(`sum by (instance) (rate(goorm_decisions_total${W}[${R}]))`, '{{instance}}')], { unit: 'ops' }),
    timeseries('Committed rows / s per pod', [q(`sum by (instance) (rate(goorm_commit_batch_rows_sum${W}[${R}]))`, '{{instance}}')], { unit: 'ops' }),
    timeseries('Enqueue to decision', [
      q(quantile(0.5, 'goorm_enqueue_to_decision_seconds', { selector: W }), 'p50'),
      q(quantile(0.9, 'goorm_enqueue_to_decision_seconds', { selector: W }), 'p90'),
      q(quantile(0.99, 'goorm_enqueue_to_decision_seconds', { selector: W }), 'p99'),
    ], { unit: 's' }),
    timeseries('Queue depth by state', [q('max by (state) (goorm_queue_jobs)', '{{state}}')]),

    row('Commit batches'),
    timeseries('Batch size', [
      q(quantile(0.5, 'goorm_commit_batch_rows', { selector: W }), 'p50 rows'),
      q(quantile(0.99, 'goorm_commit_batch_rows', { selector: W }), 'p99 rows'),
    ], { w: 6 }),
    timeseries('Rows per INSERT', [q(`sum(rate(goorm_commit_inserted_rows_total${W}[${R}])) / sum(rate(goorm_commit_insert_statements_total${W}[${R}]))`, 'rows / INSERT')], { w: 6, description: 'Multi-row INSERT size: well above 1 while batching works.' }),
    timeseries('Batch latency p99 per pod', [q(quantile(0.99, 'goorm_commit_duration_seconds', { by: ['instance'], selector: W }), '{{instance}}')], { unit: 's', w: 6 }),
    timeseries('Commit lag', [q('max by (instance) (goorm_commit_lag_seconds)', '{{instance}}')], { unit: 's', w: 6 }),

    row('Faults'),
    timeseries('Stalled jobs (5 min)', [q('sum by (instance) (increase(goorm_stalled_jobs_total[5m]))', '{{instance}}')], { w: 8 }),
    timeseries('Dependency errors / s', [q(`sum by (instance, dependency) (rate(goorm_dependency_errors_total${W}[${R}]))`, '{{instance}} {{dependency}}')], { unit: 'ops', w: 8 }),
    timeseries('Redis memory', [
      q('max(goorm_redis_memory_used_bytes)', 'used'),
      q('max(goorm_redis_memory_max_bytes)', 'maxmemory'),
    ], { unit: 'bytes', w: 8 }),

    row('Processes'),
    timeseries('CPU per pod', [q(`rate(process_cpu_seconds_total${W}[${R}])`, '{{instance}}')], { unit: 'percentunit', w: 8 }),
    timeseries('Resident memory per pod', [q(`process_resident_memory_bytes${W}`, '{{instance}}')], { unit: 'bytes', w: 8 }),
    timeseries('Event loop lag p99 per pod', [q(`nodejs_eventloop_lag_p99_seconds${W}`, '{{instance}}')], { unit: 's', w: 8, description: 'A blocked loop stops lock renewal: jobs stall.' }),
  ],
});
