import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { History, ownMariaDb, report, runReconcile, Sampler, startCluster, verdict, waitAllFinal, waitUntil } from './support/index.js';

// Plan test 10: a 60 s MySQL outage, on a mariadbd of the test's own (stopped and restarted).
const STUDENTS = 3000;
const OUTAGE_MS = Number(process.env.FAULTS_MYSQL_OUTAGE_MS ?? 60_000);
const stops: (() => Promise<void>)[] = [];
afterAll(async () => { for (const s of stops.reverse()) await s().catch(() => {}); });

describe('MySQL outage', () => {
  it(`${OUTAGE_MS / 1000} s down: nothing lost, workers do not burn jobs, every accepted request final within 120 s after recovery, 0 drift`, async () => {
    const maria = await ownMariaDb('mysql-outage');
    stops.push(() => maria.stop());
    const c = await startCluster({ services: { db: maria.db, redisUrl: inject('services').redisUrl }, name: 'mysql-outage', workers: 2, students: STUDENTS, capacities: [100, 100] });
    stops.push(() => c.stop());
    const h = new History(c.base, (s) => c.token(s));
    const sampler = new Sampler(c.env.sql, c.env.redis, c.keys, [1, 2]).start();
    // Load that keeps arriving through the outage: 3,000 requests spread over ~OUTAGE + 10 s.
    const gapMs = (OUTAGE_MS + 10_000) / STUDENTS;
    let i = 0;
    const load = (async () => {
      const inflight: Promise<unknown>[] = [];
      const t0 = Date.now();
      for (; i < STUDENTS; i++) {
        inflight.push(h.enroll(i + 1, 1 + (i % 2)));
        const wait = t0 + (i + 1) * gapMs - Date.now();
        if (wait > 0) await sleep(wait);
      }
      await Promise.all(inflight);
    })();
    await waitUntil('decisions durable', async () => Number(await c.env.redis.get(c.keys.committedSeq)) > 50, 30_000, 20);
    await maria.stop();
    const downAt = Date.now();
    const failedBefore = await c.env.redis.zcard(`${c.keys.bullPrefix}:enrollment:failed`);
    await sleep(OUTAGE_MS);
    const failedDuring = (await c.env.redis.zcard(`${c.keys.bullPrefix}:enrollment:failed`)) - failedBefore;
    const madeDuring = Number(await c.env.redis.get(c.keys.decisionSeq)) - Number(await c.env.redis.get(c.keys.committedSeq));
    await maria.start();
    const upAt = Date.now();
    await load;
    const opsDuring = h.ops.filter((o) => o.invokeMs >= downAt && o.invokeMs < upAt);
    const duringStatuses: Record<string, number> = {};
    for (const o of opsDuring) duringStatuses[o.error ? 'error' : String(o.status)] = (duringStatuses[o.error ? 'error' : String(o.status)] ?? 0) + 1;
    const finalMs = await waitAllFinal(c.env.sql, h, 120_000);
    const finalAfterRecoveryMs = finalMs < 0 ? -1 : Date.now() - upAt;
    await sampler.stop();
    const v = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, STUDENTS);
    const rec = await runReconcile(c).catch((e: Error) => ({ sectionsDrifted: -1, studentsDrifted: -1, output: e.message }));
    const after = await verdict(c.env.sql, c.env.redis, c.keys, h, c.uni.sections, STUDENTS);
    const jobsFailedTotal = await c.env.redis.zcard(`${c.keys.bullPrefix}:enrollment:failed`);
    report('10 mysql outage', {
      outageMs: OUTAGE_MS, statuses: h.statusCounts(), statusesDuringOutage: duringStatuses, decisionsWaitingForMySQL: madeDuring,
      jobsFailedDuringOutage: failedDuring, jobsFailedTotal, failedSamples: sampler.failedSamples, accepted: v.accepted, lost: v.lost,
      duplicates: v.duplicates, phantoms: v.phantoms, oversold: v.oversold, oversellSamples: sampler.violations.length, inversions: v.inversions,
      committed: v.committed, driftBeforeReconcile: v.drift, reconcile: { sectionsDrifted: rec.sectionsDrifted, studentsDrifted: rec.studentsDrifted },
      driftAfterReconcile: after.drift, finalAfterRecoveryMs,
    });
    expect(v.lostIds).toEqual([]);
    expect(jobsFailedTotal).toBe(0);
    expect(finalAfterRecoveryMs).toBeGreaterThanOrEqual(0);
    expect(finalAfterRecoveryMs).toBeLessThanOrEqual(120_000);
    expect(v.duplicates).toBe(0);
    expect(v.phantoms).toBe(0);
    expect(v.oversold).toBe(0);
    expect(sampler.violations).toEqual([]);
    expect(v.inversions).toBe(0);
    expect(v.driftExamples).toEqual([]);
    expect(after.driftExamples).toEqual([]);
    // Intake never hangs while MySQL is down: every answer came back (202, or 503 with Retry-After).
    expect(opsDuring.filter((o) => o.error || (o.status >= 500 && o.status !== 503)).length).toBe(0);
  });
});
