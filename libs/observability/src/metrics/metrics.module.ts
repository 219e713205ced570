import { RedisKeys, REDIS } from '@app/redis';
import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { HttpMetricsHook } from './http-metrics.hook.js';
import { bullQueueDepth, redisInfoMemory, type DefaultMetricSources } from './metric-sources.js';
import { MetricsController } from './metrics.controller.js';
import { createMetricsRegistry } from './metrics.registry.js';
import { Metrics } from './metrics.js';
import { METRICS_DEFAULT_SOURCES, METRICS_REGISTRY } from './metrics.tokens.js';

/**
 * Process metrics plus every goorm_ metric, served at GET /metrics. Global: any module injects
 * `Metrics`. Works without Redis (e.g. a test app with only this module); with the app's
 * RedisModule present it also reads queue depth and Redis memory at scrape time.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
    {
      provide: METRICS_DEFAULT_SOURCES,
      inject: [{ token: REDIS, optional: true }, { token: RedisKeys, optional: true }],
      useFactory: (redis?: Redis, keys?: RedisKeys): DefaultMetricSources =>
        redis && keys ? { queueDepth: bullQueueDepth(redis, keys), redisMemory: redisInfoMemory(redis) } : {},
    },
    Metrics,
    HttpMetricsHook,
  ],
  exports: [Metrics, METRICS_REGISTRY],
})
export class MetricsModule {}
