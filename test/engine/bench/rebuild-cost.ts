/**
 * Probe (`node scripts/bench/probes/rebuild-cost.mjs`): what a full prime (a worker's start, a
 * Redis loss) and a reconcile cost in wall time at the demo's scale (20,000 students, 2,000
 * sections, seeded), five of each alternating; prints each and the medians. Compare builds by
 * running it in a worktree of each, one after the other, more than once (the box is noisy).
 */
import 'reflect-metadata';
import { createDataSource } from '@app/database';
import { EngineStateRepository, EngineStateWriter } from '@app/engine';
import { RedisKeys } from '@app/redis';
import { runSeed } from '@app/seed';
import { createTestEnv } from '@app/testing';
import { Redis } from 'ioredis';
import { benchServices } from '../../../scripts/lib/services.mjs';

export async function main(): Promise<void> {
  const services = await benchServices();
  const env = await createTestEnv(services, { LOG_LEVEL: 'warn' });
  const redis = new Redis(env.config.redis.url);
  const ds = createDataSource(env.config.database);
  try {
    await runSeed(env.config.database, { students: 20_000, sections: 2_000, majors: 20, seed: 42 });
    await ds.initialize();
    const writer = new EngineStateWriter(redis, new RedisKeys(env.config.redis.prefix), new EngineStateRepository(ds));
    const prime: number[] = [];
    const reconcile: number[] = [];
    for (let round = 0; round < 5; round++) {
      let t = performance.now();
      await writer.rebuild({ compare: false });
      prime.push(Math.round(performance.now() - t));
      t = performance.now();
      await writer.rebuild({ compare: true });
      reconcile.push(Math.round(performance.now() - t));
      process.stdout.write(`round ${round + 1}: prime ${prime[round]} ms, reconcile ${reconcile[round]} ms\n`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(JSON.stringify({ primeMs: prime, reconcileMs: reconcile, primeMedianMs: median(prime), reconcileMedianMs: median(reconcile) }));
  } finally {
    redis.disconnect();
    if (ds.isInitialized) await ds.destroy();
    await env.cleanup();
    await services.stop();
  }
}
