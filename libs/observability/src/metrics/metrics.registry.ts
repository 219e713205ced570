import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * A fresh registry with the Node process defaults (CPU, memory, event loop lag, GC, handles).
 * A registry per app instead of prom-client's global one: a second app in the same process
 * (tests) would otherwise fail with "metric already registered".
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return registry;
}
