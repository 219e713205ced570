import { APP_CONFIG, type AppConfig } from '@app/config';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, UtcDataSource } from './data-source.js';
import { ENTITIES } from './entities/index.js';

/** The TypeORM connection for an app; repositories for every entity are injectable. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.database), retryAttempts: 3, retryDelay: 1000 }),
      dataSourceFactory: async (options) => new UtcDataSource(options!).initialize(),
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
