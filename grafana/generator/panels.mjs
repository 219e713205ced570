// Small builders for Grafana dashboard JSON (schemaVersion 39). The dashboards are written with
// these so every panel gets the same datasource, ids and a grid position without hand-counting.

/** The provisioned Prometheus datasource (provisioning/datasources/prometheus.yml). */
export const DATASOURCE = { type: 'prometheus', uid: 'prometheus' };

/** A PromQL query; `legend` is Grafana's legendFormat. */
export const q = (expr, legend = '') => ({ expr, legendFormat: legend });

/** A full-width section title. */
export const row = (title) => ({ type: 'row', title, collapsed: false, panels: [], w: 24, h: 1 });

export function timeseries(title, queries, { unit = 'short', w = 12, h = 8, description = '', stack = false, min } = {}) {
  return {
    type: 'timeseries', title, description, w, h, queries,
    fieldConfig: {
      defaults: {
        unit, ...(min === undefined ? {} : { min }),
        custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: stack ? 30 : 10, showPoints: 'never', stacking: { mode: stack ? 'normal' : 'none', group: 'A' } },
      },
      overrides: [],
    },
    options: { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
  };
}

/** One big number; `red` turns it red at or above that value. */
export function stat(title, query, { unit = 'short', w = 6, h = 4, description = '', red } = {}) {
  const steps = [{ color: 'green', value: null }, ...(red === undefined ? [] : [{ color: 'red', value: red }])];
  return {
    type: 'stat', title, description, w, h, queries: [query],
    fieldConfig: { defaults: { unit, thresholds: { mode: 'absolute', steps } }, overrides: [] },
    options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto', justifyMode: 'auto', orientation: 'auto' },
  };
}

/** Horizontal bars, one per series (e.g. seats left per major). */
export function bars(title, query, { unit = 'short', w = 12, h = 8, description = '' } = {}) {
  return {
    type: 'bargauge', title, description, w, h, queries: [query],
    fieldConfig: { defaults: { unit, min: 0, thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }] } }, overrides: [] },
    options: { orientation: 'horizontal', displayMode: 'basic', showUnfilled: true, reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
  };
}

/** p-quantile of a histogram over all series, by `by` labels. */
export const quantile = (p, metric, { by = [], selector = '' } = {}) =>
  `histogram_quantile(${p}, sum by (${['le', ...by].join(', ')}) (rate(${metric}_bucket${selector}[$__rate_interval])))`;

/**
 * The dashboard: assigns ids, lays panels out left to right in rows of 24 columns, and attaches
 * the datasource to every panel and query.
 */
export function dashboard({ uid, title, description, tags = [], panels, refresh = '10s' }) {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  const laidOut = panels.map((p, i) => {
    if (x + p.w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const { w, h, queries, ...rest } = p;
    const panel = { id: i + 1, ...rest, gridPos: { x, y, w, h } };
    if (p.type !== 'row') {
      panel.datasource = DATASOURCE;
      panel.targets = queries.map((query, j) => ({ refId: String.fromCharCode(65 + j), datasource: DATASOURCE, ...query }));
    }
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return panel;
  });
  return {
    uid, title, description, tags: ['goorm', ...tags], timezone: 'browser', editable: true,
    graphTooltip: 1, schemaVersion: 39, version: 1, refresh,
    time: { from: 'now-1h', to: 'now' },
    annotations: { list: [] },
    templating: { list: [] },
    links: [{ type: 'dashboards', tags: ['goorm'], asDropdown: true, title: 'Goorm dashboards', includeVars: false, keepTime: true }],
    panels: laidOut,
  };
}
