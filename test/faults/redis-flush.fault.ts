import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { History, ownRedis, report, runReconcile, Sampler, startCluster, verdict, waitAllFinal, waitUntil } from './support/index.js';

// Plan test 9: Redis loses its data (FLUSHALL mid-run) — on a redis-server of the test's own.
const STUDENTS = 4000;
const stops: (() => Promise<void>)[] = [];
afterAll(async () => { for (const s of stops.reverse()) await s().catch(() => {}); });

describe('Redis data loss (FLUSHALL mid-run)', () => {
  it('detected within 5 s, no seat granted meanwhile, rebuilt from MySQL, pending requests re-driven, final state correct', async () => {
    const redis = await ownRedis('redis-flush', 'everysec');
    stops.push(() => redis.stop());
    const c = await startCluster({ services: { db: inject('services').db, redisUrl: redis.url }, name: 'redis-flush', workers: 2, students: STUDENTS, capacities: [100, 100] });
    stops.push(() => c.stop());
    const h = new History(c.base, (s) => c.token(s));
    const sampler = new Sampler(c.env.sql, c.env.redis, c.keys, [1, 2]).start();
    const load = History.pool(Array.from({ length: STUDENTS }, (_, i) => () => h.enroll(i + 1, 1 + (i % 2))), 16);
    await waitUntil('decisions flowing', async () => Number(await c.env.redis.get(c.keys.decisionSeq)) > 100, 30_000, 5);
    const [[{ n: durableBefore }]] = (await c.env.sql.query('SELECT COUNT(*) AS n FROM decision_log')) as unknown as [[{ n: number }]];
    const pendingBefore = await c.env.redis.zcard(c.keys.line);
    await c.env.redis.flushall();
    const flushedAt = Date.now();
    // While the epoch is missing, no decision may be made (the decision counter must not move).
    const grantedWhilePaused: number[] = [];
    const reprimedMs = await waitUntil('epoch back', async () => {
      const [epoch, dseq] = await c.env.redis.mget(c.keys.epoch, c.keys.decisionSeq);
      if (epoch) return true;
      if (dseq != null && Number(dseq) > 0) grantedWhilePaused.push(Number(dseq));
      return false;
    }, 30_000, 10).catch(() => -1);
    await load;
    await sleep(500);
    const finalMs = await waitAllFinal(c.env.sql, h, 20_000);
    await sampler.stop();
    const v = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, STUDENTS);
    const rec = await runReconcile(c).catch((e: Error) => ({ sectionsDrifted: -1, studentsDrifted: -1, output: e.message }));
    const after = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, STUDENTS);
    const lostAcceptedBeforeFlush = v.lostOps.filter((o) => o.invokeMs < flushedAt).length;
    report('9 redis FLUSHALL mid-run', {
      durableBefore: Number(durableBefore), pendingInLineAtFlush: pendingBefore, reprimedMs, grantedWhilePaused: grantedWhilePaused.length,
      statuses: h.statusCounts(), accepted: v.accepted, lost: v.lost, lostAcceptedBeforeFlush, lostAcceptedAfterFlush: v.lost - lostAcceptedBeforeFlush,
      duplicates: v.duplicates, phantoms: v.phantoms, oversold: v.oversold, oversellSamples: sampler.violations.length, inversions: v.inversions,
      committed: v.committed, driftBeforeReconcile: v.drift, driftExamples: v.driftExamples.slice(0, 3), reconcile: { sectionsDrifted: rec.sectionsDrifted, studentsDrifted: rec.studentsDrifted },
      driftAfterReconcile: after.drift, finalMs, sinceFlushMs: Date.now() - flushedAt,
    });
    expect(reprimedMs).toBeGreaterThanOrEqual(0);
    expect(reprimedMs).toBeLessThan(5000);
    expect(grantedWhilePaused).toEqual([]);
    expect(v.oversold).toBe(0);
    expect(sampler.violations).toEqual([]);
    expect(v.duplicates).toBe(0);
    expect(v.phantoms).toBe(0);
    expect(after.driftExamples).toEqual([]);
    expect(v.lostIds).toEqual([]);
  });
});
