import { ConfigModule, loadConfig, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule, MetricsModule } from '@app/observability';
import { RedisModule } from '@app/redis';
import { Module, type DynamicModule } from '@nestjs/common';

/** The API's module graph. Feature modules are added here, one line each. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        RedisModule.forRoot('producer'),
        HealthModule.forRoot(),
        MetricsModule,
      ],
    };
  }
}
