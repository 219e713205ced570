import { Global, Module } from '@nestjs/common';
import { loadConfig, type AppConfig } from './app-config.js';
import { APP_CONFIG } from './config.tokens.js';
import { RedisPolicyCheck } from './redis-policy.check.js';

export { APP_CONFIG } from './config.tokens.js';

/**
 * Provides the configuration parsed once at boot. Tests pass their own object
 * through ConfigModule.forRoot(config). In production it also checks, before any other module
 * starts, that Redis will not evict keys (RedisPolicyCheck).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig = loadConfig()) {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, RedisPolicyCheck],
      exports: [APP_CONFIG],
    };
  }
}
