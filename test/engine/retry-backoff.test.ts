import { ENROLLMENT_JOB_OPTIONS, ENROLLMENT_WORKER_OPTIONS } from '@app/queue';
import { RedisKeys } from '@app/redis';
import { createTestEnv, type TestEnv } from '@app/testing';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// A decide job that hits a retryable fault is retried by the strategy the worker carries (capped
// exponential), against a real Redis: a job naming a strategy its worker lacks would fail at once.
let env: TestEnv;
beforeAll(async () => { env = await createTestEnv(inject('services')); });
afterAll(async () => { await env?.cleanup(); });

describe('decide job retries', () => {
  it('back off 200 ms, then 400 ms, and stay queued', async () => {
    const keys = new RedisKeys(env.config.redis.prefix);
    const connection = new Redis(env.config.redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('retry-check', { connection, prefix: keys.bullPrefix, defaultJobOptions: ENROLLMENT_JOB_OPTIONS });
    const delays: number[] = [];
    const worker = new Worker('retry-check', async () => { throw new Error('engine paused'); }, {
      connection: new Redis(env.config.redis.url, { maxRetriesPerRequest: null }), prefix: keys.bullPrefix, ...ENROLLMENT_WORKER_OPTIONS,
    });
    try {
      const job = await queue.add('decide', { r: 'x', p: 1 });
      await new Promise<void>((resolve) => {
        worker.on('failed', async (j) => {
          const fresh = await queue.getJob(j!.id!);
          delays.push(Number(fresh?.delay ?? -1));
          if (delays.length === 2) resolve();
        });
      });
      await worker.pause(true);
      const state = await queue.getJobState(job.id!);
      expect(delays).toEqual([200, 400]);
      expect(['delayed', 'waiting', 'active']).toContain(state);
    } finally {
      await worker.close(true);
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
  });
});
