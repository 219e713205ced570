import { ConfigModule, loadConfig, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule, MetricsModule } from '@app/observability';
import { RedisModule } from '@app/redis';
import { Module, type DynamicModule } from '@nestjs/common';

/** The worker's module graph: the queue consumer, the committer, health and metrics. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, RedisModule.forRoot('worker'), HealthModule.forRoot(), MetricsModule],
    };
  }
}
