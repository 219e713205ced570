import { Global, Module } from '@nestjs/common';
import { loadConfig, type AppConfig } from './app-config.js';

/** Injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Provides the configuration parsed once at boot. Tests pass their own object
 * through ConfigModule.forRoot(config).
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig = loadConfig()) {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
