import { APP_CONFIG, type AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { createRedis, RedisKeys } from '@app/redis';
import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { EnrollmentQueueProducer } from './enrollment-queue.producer.js';

/**
 * BullMQ for one app. `producer` (API): fail fast when Redis is down (no offline queue), so
 * intake answers 503 at once. `worker`: retry forever (maxRetriesPerRequest null, BullMQ's rule).
 * Job retention is bounded so Redis memory does not grow with every request ever made.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(role: 'producer' | 'worker'): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (c: AppConfig) => ({
            connection: createRedis(c.redis.url, role === 'producer' ? 'producer' : 'worker', role === 'producer' ? { maxRetriesPerRequest: 1 } : {}),
            prefix: new RedisKeys(c.redis.prefix).bullPrefix,
          }),
        }),
        BullModule.registerQueue({
          name: QueueName.ENROLLMENT,
          streams: { events: { maxLen: 1000 } },
          defaultJobOptions: {
            attempts: 50,
            backoff: { type: 'exponential', delay: 200 },
            removeOnComplete: { count: 1000 },
            removeOnFail: { age: 24 * 3600, count: 10_000 },
          },
        }),
      ],
      providers: role === 'producer' ? [EnrollmentQueueProducer] : [],
      exports: [BullModule, ...(role === 'producer' ? [EnrollmentQueueProducer] : [])],
    };
  }
}
