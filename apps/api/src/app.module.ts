import { ConfigModule, loadConfig, type AppConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule, MetricsModule } from '@app/observability';
import { EngineModule } from '@app/engine';
import { EnrollmentQueueProducer, QueueModule } from '@app/queue';
import { RedisModule } from '@app/redis';
import { Module, type DynamicModule } from '@nestjs/common';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { EnrollmentModule } from './enrollment/enrollment.module.js';
import { MeModule } from './me/me.module.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';

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
        QueueModule.forRoot('producer'),
        EngineModule.forApi(),
        EnrollmentModule,
        // Ready means an enroll call can be taken: MySQL, Redis, and the queue it enqueues on.
        HealthModule.forRoot({ inject: [EnrollmentQueueProducer], useFactory: (q: EnrollmentQueueProducer) => [() => q.health()] }),
        MetricsModule,
        RateLimitModule,
        AuthModule,
        CatalogueModule,
        MeModule,
        AdminModule,
      ],
    };
  }
}
