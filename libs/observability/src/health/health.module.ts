import { Module, type DynamicModule, type InjectionToken, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EXTRA_READINESS, type ReadinessCheck } from './health.controller.js';
import { HealthController } from './health.controller.js';
import { RedisHealthIndicator } from './redis.health.js';

@Module({})
export class HealthModule {
  /** `extra`: a provider for EXTRA_READINESS (an array of checks), when the app has more to check. */
  static forRoot(extra?: { inject?: InjectionToken[]; useFactory: (...deps: never[]) => ReadinessCheck[] }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'pretty' })],
      controllers: [HealthController],
      providers: [RedisHealthIndicator, ...(extra ? [{ provide: EXTRA_READINESS, inject: extra.inject ?? [], useFactory: extra.useFactory } as Provider] : [])],
    };
  }
}
