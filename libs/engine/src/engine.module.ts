import { APP_CONFIG, type AppConfig } from '@app/config';
import { createSqlPool } from '@app/database';
import { REDIS, REDIS_SUBSCRIBER, RedisKeys } from '@app/redis';
import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { CatalogueSync } from './catalogue-sync.service.js';
import { CommitWatermark } from './commit-watermark.js';
import { CommitRepository } from './commit.repository.js';
import { CommitRunner } from './commit-runner.js';
import { ThreadedCommitter } from './committer-thread.js';
import { Committer } from './committer.js';
import { DecisionService } from './decision.service.js';
import { EngineScripts } from './engine-scripts.js';
import { EngineStateRepository } from './engine-state.repository.js';
import { EngineStateWriter } from './engine-state.writer.js';
import { EnrollmentGate } from './enrollment-gate.js';
import { IntakeJournal } from './intake-journal.js';
import { OpenWindows } from './open-windows.js';
import { RedisCatalogueSync } from './redis-catalogue-sync.js';
import { SeatsRepository } from './seats.repository.js';

const common: Provider[] = [
  SeatsRepository,
  { provide: EngineScripts, inject: [REDIS, RedisKeys], useFactory: (r: Redis, k: RedisKeys) => new EngineScripts(r, k.prefix) },
  { provide: EngineStateRepository, inject: [DataSource], useFactory: (ds: DataSource) => new EngineStateRepository(ds) },
  { provide: EngineStateWriter, inject: [REDIS, RedisKeys, EngineStateRepository], useFactory: (r: Redis, k: RedisKeys, repo: EngineStateRepository) => new EngineStateWriter(r, k, repo) },
  { provide: CommitWatermark, inject: [REDIS, REDIS_SUBSCRIBER, RedisKeys], useFactory: (r: Redis, s: Redis, k: RedisKeys) => new CommitWatermark(r, s, k) },
  { provide: OpenWindows, inject: [DataSource], useFactory: (ds: DataSource) => new OpenWindows(ds) },
  {
    provide: CatalogueSync,
    inject: [EngineScripts, EngineStateWriter, OpenWindows, CommitWatermark],
    useFactory: (s: EngineScripts, w: EngineStateWriter, o: OpenWindows, m: CommitWatermark) => new RedisCatalogueSync(s, w, o, m),
  },
];

/** The enrollment engine's services, for the API (intake) or the worker (decide and commit). */
@Global()
@Module({})
export class EngineModule {
  static forApi(): DynamicModule {
    const providers: Provider[] = [
      ...common,
      {
        provide: IntakeJournal,
        inject: [APP_CONFIG],
        useFactory: (c: AppConfig) => new IntakeJournal(createSqlPool(c.database, { connectionLimit: 2 }), { flushMs: 10, batchRows: 500, maxBuffered: c.engine.maxWaiting }),
      },
      {
        provide: EnrollmentGate,
        inject: [REDIS, RedisKeys, EngineScripts, OpenWindows, DataSource, CommitWatermark, APP_CONFIG, IntakeJournal],
        useFactory: (r: Redis, k: RedisKeys, s: EngineScripts, o: OpenWindows, ds: DataSource, w: CommitWatermark, c: AppConfig, j: IntakeJournal) =>
          new EnrollmentGate(r, k, s, o, ds, w, { maxWaiting: c.engine.maxWaiting, idempotencyTtlSeconds: 86_400, dropDurableTimeoutMs: 3000, drawPeriodMs: c.engine.drawPeriodMs }, j),
      },
    ];
    return { module: EngineModule, providers, exports: providers };
  }

  static forWorker(): DynamicModule {
    const providers: Provider[] = [
      ...common,
      {
        provide: CommitRepository,
        inject: [APP_CONFIG],
        // Its own small pool: one batch in flight, sent as one multi-statement packet.
        useFactory: (c: AppConfig) => new CommitRepository(createSqlPool(c.database, { connectionLimit: 2, multipleStatements: true })),
      },
      {
        provide: CommitRunner,
        inject: [REDIS, RedisKeys, CommitRepository, APP_CONFIG],
        // Compiled: the committer runs on a thread of its own (see ThreadedCommitter). From the
        // TypeScript sources (tests) it runs on this loop, with its own Redis connection.
        useFactory: (r: Redis, k: RedisKeys, repo: CommitRepository, c: AppConfig) =>
          c.engine.committerThread && ThreadedCommitter.available()
            ? new ThreadedCommitter({ database: c.database, redisUrl: c.redis.url, prefix: c.redis.prefix, batchRows: c.engine.commitBatchRows, batchMs: c.engine.commitBatchMs })
            : new Committer(r.duplicate(), k, repo, { batchRows: c.engine.commitBatchRows, batchMs: c.engine.commitBatchMs }),
      },
      {
        provide: DecisionService,
        inject: [REDIS, RedisKeys, EngineScripts, CommitWatermark, APP_CONFIG, EngineStateRepository],
        useFactory: (r: Redis, k: RedisKeys, s: EngineScripts, w: CommitWatermark, c: AppConfig, repo: EngineStateRepository) =>
          new DecisionService(r, k, s, w, { decideBatch: c.engine.decideBatch, durableTimeoutMs: 30_000 }, (places) => repo.journalPlaces(places)),
      },
    ];
    return { module: EngineModule, providers, exports: providers };
  }
}
