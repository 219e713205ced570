/**
 * Probe (`node scripts/bench/probes/decide-script.mjs`): Redis's CPU per decision of the decide
 * script alone (decideUpTo-0.lua, 40 decisions per call as the workers' coalesced calls make), on a
 * seeded university of 4,000 students and 400 sections with the bench's kind of demand (own major or
 * general education, popular sections far more often). No workers, no MySQL commit: what one
 * decision costs Redis inside the script. Three rounds, each accepting MICRO_N requests then
 * deciding them; Redis's CPU is read from INFO cpu, so run it on a Redis nothing else is using.
 */
import 'reflect-metadata';
import { createDataSource } from '@app/database';
import { EngineScripts, EngineStateRepository, EngineStateWriter } from '@app/engine';
import { RedisKeys } from '@app/redis';
import { runSeed } from '@app/seed';
import { createTestEnv } from '@app/testing';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { benchServices } from '../../../scripts/lib/services.mjs';

export async function main(): Promise<void> {
  const services = await benchServices();
  const env = await createTestEnv(services, { LOG_LEVEL: 'warn' });
  const redis = new Redis(env.config.redis.url);
  const keys = new RedisKeys(env.config.redis.prefix);
  const ds = createDataSource(env.config.database);
  try {
    await runSeed(env.config.database, { students: 4000, sections: 400, majors: 20, seed: 42, windowOpen: true });
    await ds.initialize();
    await new EngineStateWriter(redis, keys, new EngineStateRepository(ds)).rebuild({ compare: false });
    const scripts = new EngineScripts(redis, keys.prefix);
    const students: { id: number; major_id: number }[] = await ds.query('SELECT id, major_id FROM student');
    const sections: { id: number; major_id: number; ge: number }[] = await ds.query(
      'SELECT s.id, l.major_id, m.general_education AS ge FROM section s JOIN lecture l ON l.id = s.lecture_id JOIN major m ON m.id = l.major_id',
    );
    const byMajor = new Map<number, number[]>();
    const general: number[] = [];
    for (const x of sections) {
      if (Number(x.ge)) general.push(Number(x.id));
      else byMajor.set(Number(x.major_id), [...(byMajor.get(Number(x.major_id)) ?? []), Number(x.id)]);
    }
    let seed = 1;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
    const n = Number(process.env.MICRO_N ?? 40_000);
    const cpu = async () => {
      const i = await redis.info('cpu');
      return Number(/used_cpu_user:([\d.]+)/.exec(i)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(i)![1]);
    };
    const rounds: { decided: number; calls: number; redisCpuUsPerDecision: number }[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < n; i += 2000) {
        await Promise.all(Array.from({ length: 2000 }, () => {
          const st = students[Math.floor(rnd() * students.length)]!;
          const own = byMajor.get(Number(st.major_id)) ?? [];
          const pool = rnd() < 0.7 && own.length ? own : general;
          return scripts.accept({
            studentId: Number(st.id), sectionId: pool[Math.min(pool.length - 1, Math.floor(pool.length * rnd() ** 3))]!, requestId: randomUUID(),
            idempotencyKey: null, now: Date.now(), waitlist: false, maxWaiting: 1e9, idempotencyTtlSeconds: 3600,
          });
        }));
      }
      const c0 = await cpu();
      let decided = 0;
      let calls = 0;
      for (;;) {
        const r = await scripts.decideUpTo(1e12, 40, Date.now());
        calls++;
        if (r.kind === 'not-ready') throw new Error('the engine state is not ready');
        decided += r.decided;
        if (r.kind === 'done') break;
      }
      const us = decided ? Math.round((((await cpu()) - c0) / decided) * 1e7) / 10 : NaN;
      rounds.push({ decided, calls, redisCpuUsPerDecision: us });
      process.stdout.write(`round ${round + 1}: ${decided} decisions in ${calls} calls, ${us} µs of Redis CPU per decision\n`);
    }
    console.log(JSON.stringify({ rounds }));
  } finally {
    redis.disconnect();
    if (ds.isInitialized) await ds.destroy();
    await env.cleanup();
    await services.stop();
  }
}
