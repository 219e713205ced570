import { ConfigModule, loadConfig, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { EngineModule } from '@app/engine';
import { HealthModule, MetricsModule } from '@app/observability';
import { QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { Module, type DynamicModule } from '@nestjs/common';
import { EngineLifecycle } from './enrollment/engine-lifecycle.service.js';
import { EngineMetrics } from './enrollment/engine-metrics.service.js';
import { EnrollmentProcessor } from './enrollment/enrollment.processor.js';

/** The worker's module graph: the queue consumer, the committer, health and metrics. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config), DatabaseModule, RedisModule.forRoot('worker'), QueueModule.forRoot('worker'),
        EngineModule.forWorker(), HealthModule.forRoot(), MetricsModule,
      ],
      providers: [EnrollmentProcessor, EngineLifecycle, EngineMetrics],
    };
  }
}
