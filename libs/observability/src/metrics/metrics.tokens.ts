/** The prom-client Registry of this process (one per Nest app: tests may boot several in one process). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
/** Optional DefaultMetricSources: the Redis readers the module wires up when Redis is available. */
export const METRICS_DEFAULT_SOURCES = Symbol('METRICS_DEFAULT_SOURCES');
