import { APP_CONFIG, type AppConfig } from '@app/config';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createRedis } from './redis-connection.js';
import { RedisKeys } from './redis-keys.js';
import { REDIS, REDIS_SUBSCRIBER } from './redis.tokens.js';

@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_SUBSCRIBER) private readonly subscriber: Redis,
  ) {}

  static forRoot(role: 'producer' | 'worker') {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c.redis.url, role) },
        // A subscriber must keep its offline queue: it re-subscribes after a reconnect.
        { provide: REDIS_SUBSCRIBER, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createRedis(c.redis.url, 'worker', { lazyConnect: true }) },
        { provide: RedisKeys, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new RedisKeys(c.redis.prefix) },
      ],
      exports: [REDIS, REDIS_SUBSCRIBER, RedisKeys],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
    this.subscriber.disconnect();
  }
}
