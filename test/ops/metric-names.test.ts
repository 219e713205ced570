import { createMetricsRegistry, Metrics } from '@app/observability';
import { describe, expect, it } from 'vitest';
import { metricNames, withoutGrafanaMacros } from './support/promql-names.js';
import { alertQueries, dashboardQueries } from './support/queries.js';

/** Series Prometheus makes itself, not the app. */
const PROMETHEUS_SYNTHETIC = new Set(['up']);

/** Every series name the Metrics class exports: histograms as _bucket/_sum/_count. */
async function exportedNames(): Promise<Set<string>> {
  const metrics = await new Metrics(createMetricsRegistry()).registry.getMetricsAsJSON();
  return new Set(metrics.flatMap((m) => (['histogram', 'summary'].includes(String(m.type)) ? [m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name])));
}

describe('metric names in dashboards and alerts', () => {
  it('the scanner finds names and skips functions, labels, ranges and numbers', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le, route) (rate(goorm_x_bucket{job="a",le=~"0.5"}[$__rate_interval])))')).toEqual(['goorm_x_bucket']);
    expect(metricNames('max(a_total) / max(b_bytes > 0) > 1e-9 and on() sum(rate(c[5m] offset 1h)) == 0')).toEqual(['a_total', 'b_bytes', 'c']);
    expect(metricNames('sum(up{job=~"goorm-api|goorm-worker"}) by (job)')).toEqual(['up']);
  });

  it('every metric a dashboard panel or an alert queries is registered by the Metrics class', async () => {
    const exported = await exportedNames();
    const queries = [...dashboardQueries(), ...alertQueries()];
    const missing = queries.flatMap((q) =>
      metricNames(withoutGrafanaMacros(q.expr)).filter((n) => !exported.has(n) && !PROMETHEUS_SYNTHETIC.has(n)).map((n) => `${q.source}: ${n}`),
    );
    expect(missing).toEqual([]);
    expect(queries.length).toBeGreaterThan(50);
  });

  it('every goorm_ metric is shown on a dashboard or watched by an alert', async () => {
    const used = new Set([...dashboardQueries(), ...alertQueries()].flatMap((q) => metricNames(withoutGrafanaMacros(q.expr))));
    const metrics = await new Metrics(createMetricsRegistry()).registry.getMetricsAsJSON();
    const unused = metrics
      .filter((m) => m.name.startsWith('goorm_'))
      .filter((m) => ![m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`].some((n) => used.has(n)))
      .map((m) => m.name);
    expect(unused).toEqual([]);
  });
});
