import { dashboard, q, quantile, row, stat, timeseries } from './panels.mjs';

const R = '$__rate_interval';
const A = '{job="goorm-api"}';

/** The API pods: traffic by route and status, enroll intake, limits, SSE and process health. */
export default dashboard({
  uid: 'goorm-api',
  title: 'Goorm · API',
  description: 'HTTP traffic by route and status, enroll intake, rate limits, SSE streams and process health.',
  tags: ['api'],
  panels: [
    stat('API pods up', q(`sum(up${A})`)),
    stat('Requests / s', q(`sum(rate(goorm_http_requests_total${A}[${R}]))`), { unit: 'reqps' }),
    stat('5xx ratio', q(`sum(rate(goorm_http_requests_total{job="goorm-api",status="5xx"}[${R}])) / sum(rate(goorm_http_requests_total${A}[${R}]))`), { unit: 'percentunit', red: 0.05 }),
    stat('Open SSE streams', q(`sum(goorm_sse_connections${A})`)),

    row('HTTP'),
    timeseries('Requests / s by status', [q(`sum by (status) (rate(goorm_http_requests_total${A}[${R}]))`, '{{status}}')], { unit: 'reqps', stack: true }),
    timeseries('Requests / s by route', [q(`sum by (method, route) (rate(goorm_http_requests_total${A}[${R}]))`, '{{method}} {{route}}')], { unit: 'reqps' }),
    timeseries('p99 latency by route', [q(quantile(0.99, 'goorm_http_request_duration_seconds', { by: ['method', 'route'], selector: A }), '{{method}} {{route}}')], { unit: 's' }),
    timeseries('5xx / s by route', [q(`sum by (method, route) (rate(goorm_http_requests_total{job="goorm-api",status="5xx"}[${R}]))`, '{{method}} {{route}}')], { unit: 'reqps' }),

    row('Enroll intake'),
    timeseries('Enroll calls by outcome', [q(`sum by (outcome) (rate(goorm_enroll_requests_total${A}[${R}]))`, '{{outcome}}')], { unit: 'reqps', stack: true, w: 8 }),
    timeseries('Accept latency', [
      q(quantile(0.5, 'goorm_enroll_accept_duration_seconds', { selector: A }), 'p50'),
      q(quantile(0.99, 'goorm_enroll_accept_duration_seconds', { selector: A }), 'p99'),
    ], { unit: 's', w: 8 }),
    timeseries('Rate-limited / s by limiter', [q(`sum by (scope) (rate(goorm_rate_limited_total${A}[${R}]))`, '{{scope}}')], { unit: 'reqps', w: 8 }),

    row('Processes'),
    timeseries('CPU per pod', [q(`rate(process_cpu_seconds_total${A}[${R}])`, '{{instance}}')], { unit: 'percentunit', w: 8 }),
    timeseries('Heap used per pod', [q(`nodejs_heap_size_used_bytes${A}`, '{{instance}}')], { unit: 'bytes', w: 8 }),
    timeseries('Event loop lag p99 per pod', [q(`nodejs_eventloop_lag_p99_seconds${A}`, '{{instance}}')], { unit: 's', w: 8 }),
    timeseries('SSE streams per pod', [q(`goorm_sse_connections${A}`, '{{instance}}')], { w: 8 }),
    timeseries('Dependency errors / s', [q(`sum by (dependency) (rate(goorm_dependency_errors_total${A}[${R}]))`, '{{dependency}}')], { unit: 'ops', w: 8 }),
    timeseries('GC time / s', [q(`sum by (instance) (rate(nodejs_gc_duration_seconds_sum${A}[${R}]))`, '{{instance}}')], { unit: 'percentunit', w: 8 }),
  ],
});
