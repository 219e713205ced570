import { APP_CONFIG, type AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { RedisKeys } from '@app/redis';
import { BullModule } from '@nestjs/bullmq';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ENROLLMENT_EVENTS_MAX_LEN, ENROLLMENT_JOB_OPTIONS } from './enrollment-queue.options.js';
import { EnrollmentQueueProducer } from './enrollment-queue.producer.js';
import { createQueueConnection } from './queue-connection.js';

/**
 * BullMQ for one app. `producer` (API): fail fast when Redis is down (no offline queue), so
 * intake answers 503 at once. `worker`: retry forever (maxRetriesPerRequest null, BullMQ's rule).
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
            connection: createQueueConnection(c.redis.url, role),
            prefix: new RedisKeys(c.redis.prefix).bullPrefix,
          }),
        }),
        BullModule.registerQueue({
          name: QueueName.ENROLLMENT,
          streams: { events: { maxLen: ENROLLMENT_EVENTS_MAX_LEN } },
          defaultJobOptions: ENROLLMENT_JOB_OPTIONS,
        }),
      ],
      providers: role === 'producer' ? [EnrollmentQueueProducer] : [],
      exports: [BullModule, ...(role === 'producer' ? [EnrollmentQueueProducer] : [])],
    };
  }
}
